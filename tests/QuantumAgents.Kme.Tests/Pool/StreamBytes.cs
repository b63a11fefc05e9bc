using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Tests.Pool;

/// <summary>
/// A link's key stream with known content (pseudo-random from a fixed seed, so no two nearby
/// offsets look alike), from which pools are filled and taken keys are checked.
/// </summary>
public sealed class StreamBytes
{
    private readonly byte[] _bytes;

    public StreamBytes(int length, int seed = 1)
    {
        _bytes = new byte[length];
        new Random(seed).NextBytes(_bytes);
    }

    public int Length => _bytes.Length;

    public SecretBytes Block(long start, int length) => SecretBytes.CopyFrom(_bytes.AsSpan((int)start, length));

    public byte[] At(IEnumerable<KeyRange> ranges) => [.. ranges.SelectMany(r => _bytes.Skip((int)r.Start).Take(r.Length))];

    /// <summary>A pool holding these blocks of the stream, each added as one <see cref="KeyPool.Add"/>.</summary>
    public KeyPool Pool(params (long Start, int Length)[] blocks)
    {
        var pool = new KeyPool();
        foreach (var (start, length) in blocks)
        {
            pool.Add(start, Block(start, length));
        }
        return pool;
    }
}
