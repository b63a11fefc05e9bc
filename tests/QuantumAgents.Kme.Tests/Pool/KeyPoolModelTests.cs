using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Tests.Pool;

/// <summary>
/// Random operations (fixed seeds) checked against a plain model: which stream bytes are held,
/// and which were ever handed out. No byte may be handed out twice, and every key's bytes must
/// be the stream's bytes at the ranges reported for it.
/// </summary>
public class KeyPoolModelTests
{
    private const int StreamLength = 8192;

    private sealed class Model(StreamBytes stream, Random random)
    {
        private readonly bool[] _held = new bool[StreamLength];
        private readonly bool[] _handedOut = new bool[StreamLength];
        private readonly List<(int Start, int Length)> _blocks = [];
        public readonly KeyPool Pool = new();
        private int _next;

        private int HeldCount => _held.Count(h => h);

        public void Step()
        {
            switch (random.Next(10))
            {
                case < 3: AddBlock(); break;
                case < 6: Take(); break;
                case < 9: TakeExact(); break;
                default: Discard(); break;
            }
            Check();
        }

        private void AddBlock()
        {
            var gap = random.Next(3) == 0 ? random.Next(1, 20) : 0;
            var length = random.Next(1, 200);
            if (_next + gap + length > StreamLength)
            {
                return;
            }
            var start = _next + gap;
            Pool.Add(start, stream.Block(start, length));
            _blocks.Add((start, length));
            Array.Fill(_held, true, start, length);
            _next = start + length;
        }

        private void Take()
        {
            var count = random.Next(1, 4);
            var size = random.Next(1, 64);
            var held = Enumerable.Range(0, StreamLength).Where(i => _held[i]).ToList();
            var keys = Pool.TryTake(count, size);
            if (held.Count < count * size)
            {
                Assert.Null(keys);
                return;
            }
            Assert.NotNull(keys);
            Assert.Equal(count, keys.Count);
            var expected = held.Take(count * size);
            var got = new List<int>();
            foreach (var key in keys)
            {
                Assert.Equal(size, key.Material.Length);
                Assert.Equal(stream.At(key.Ranges), key.Material.AsReadOnlySpan().ToArray());
                AssertAscendingAndDisjoint(key.Ranges);
                got.AddRange(Consume(key.Ranges));
                key.Material.Dispose();
            }
            Assert.Equal(expected.Order(), got.Order());
        }

        private void TakeExact()
        {
            if (_blocks.Count == 0)
            {
                return;
            }
            // Ranges inside one block (as a peer that never restarted would send), some of them
            // not held or overlapping on purpose.
            var keys = new List<IReadOnlyList<KeyRange>>();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                var ranges = new List<KeyRange>();
                for (var r = random.Next(1, 3); r > 0; r--)
                {
                    var (start, length) = _blocks[random.Next(_blocks.Count)];
                    var offset = random.Next(length);
                    ranges.Add(new KeyRange(start + offset, random.Next(1, Math.Min(16, length - offset) + 1)));
                }
                keys.Add(ranges);
            }
            var all = keys.SelectMany(k => k).ToList();
            var allHeld = all.All(r => Enumerable.Range((int)r.Start, r.Length).All(i => _held[i]));
            var disjoint = all.SelectMany(r => Enumerable.Range((int)r.Start, r.Length)).GroupBy(i => i).All(g => g.Count() == 1);
            var before = HeldCount;

            var result = Pool.TryTakeExact(keys);

            if (!allHeld || !disjoint)
            {
                Assert.Null(result.Taken);
                Assert.NotEmpty(result.Missing);
                Assert.Equal(before, Pool.AvailableBytes);
                return;
            }
            Assert.NotNull(result.Taken);
            Assert.Empty(result.Missing);
            for (var i = 0; i < keys.Count; i++)
            {
                Assert.Equal(keys[i], result.Taken[i].Ranges);
                Assert.Equal(stream.At(keys[i]), result.Taken[i].Material.AsReadOnlySpan().ToArray());
                Consume(keys[i]);
                result.Taken[i].Material.Dispose();
            }
        }

        private void Discard()
        {
            var start = random.Next(Math.Max(1, _next));
            var range = new KeyRange(start, random.Next(1, 100));
            var expected = Enumerable.Range(start, range.Length).Count(i => i < StreamLength && _held[i]);
            Assert.Equal(expected, Pool.Discard([range]));
            for (var i = start; i < Math.Min(StreamLength, range.End); i++)
            {
                _held[i] = false;
            }
        }

        private List<int> Consume(IEnumerable<KeyRange> ranges)
        {
            var bytes = ranges.SelectMany(r => Enumerable.Range((int)r.Start, r.Length)).ToList();
            foreach (var i in bytes)
            {
                Assert.True(_held[i], $"byte {i} handed out but not held");
                Assert.False(_handedOut[i], $"byte {i} handed out twice");
                _held[i] = false;
                _handedOut[i] = true;
            }
            return bytes;
        }

        private void Check()
        {
            Assert.Equal(HeldCount, Pool.AvailableBytes);
            var ranges = Pool.Ranges();
            AssertAscendingAndDisjoint(ranges);
            var reported = new bool[StreamLength];
            foreach (var range in ranges)
            {
                Assert.True(range.Length > 0);
                Array.Fill(reported, true, (int)range.Start, range.Length);
            }
            Assert.Equal(_held, reported);
        }

        private static void AssertAscendingAndDisjoint(IReadOnlyList<KeyRange> ranges)
        {
            for (var i = 1; i < ranges.Count; i++)
            {
                Assert.True(ranges[i - 1].End <= ranges[i].Start, $"{ranges[i - 1]} then {ranges[i]}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_operations_match_the_model_and_never_reuse_a_byte(int seed)
    {
        var model = new Model(new StreamBytes(StreamLength, seed), new Random(seed));
        for (var step = 0; step < 2000; step++)
        {
            model.Step();
        }
    }
}
