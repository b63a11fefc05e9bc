using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Kme.Pool;

/// <summary>
/// Key material of one QKD link that nobody has used yet, as disjoint segments of the link's key
/// stream. A link keeps two: the blocks this KME owns and the blocks its peer owns (see
/// <see cref="Links.QkdLink"/>); each is identical on both KMEs except for what is in flight.
/// Thread-safe. Material handed out is copied into a fresh <see cref="SecretBytes"/> and
/// zeroed here at once.
/// </summary>
public sealed class KeyPool
{
    private readonly SortedSet<PoolSegment> _segments = new(Comparer<PoolSegment>.Create((a, b) => a.Start.CompareTo(b.Start)));
    private readonly Lock _lock = new();
    private long _availableBytes;

    public long AvailableBytes
    {
        get { lock (_lock) { return _availableBytes; } }
    }

    /// <summary>Adds fresh material at <paramref name="start"/>; refused if it overlaps anything held.</summary>
    public void Add(long start, SecretBytes material)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfZero(material.Length);
        lock (_lock)
        {
            var range = new KeyRange(start, material.Length);
            if (Overlapping(range).Count > 0)
            {
                throw new InvalidOperationException($"block {range} overlaps key material already in the pool");
            }
            _segments.Add(new PoolSegment(start, material));
            _availableBytes += material.Length;
        }
    }

    /// <summary>
    /// Takes <paramref name="count"/> keys of <paramref name="keyBytes"/> each, oldest material
    /// first, or nothing (null) when there is not enough. The caller owns the material.
    /// </summary>
    public IReadOnlyList<TakenKey>? TryTake(int count, int keyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyBytes);
        lock (_lock)
        {
            if (_availableBytes < (long)count * keyBytes)
            {
                return null;
            }
            var keys = new List<TakenKey>(count);
            for (var i = 0; i < count; i++)
            {
                keys.Add(TakeOldest(keyBytes));
            }
            return keys;
        }
    }

    /// <summary>
    /// Takes exactly these keys (ranges the peer chose) if every byte is held and no two ranges
    /// overlap; otherwise takes nothing and reports the ranges that are not available.
    /// </summary>
    public TakeResult TryTakeExact(IReadOnlyList<IReadOnlyList<KeyRange>> keys)
    {
        lock (_lock)
        {
            var all = keys.SelectMany(k => k).ToList();
            var missing = all.Where(r => r.Length <= 0 || !IsHeld(r)).ToList();
            if (missing.Count == 0)
            {
                missing = OverlappingEachOther(all);
            }
            if (missing.Count > 0)
            {
                return new TakeResult(null, missing);
            }
            var taken = new List<TakenKey>(keys.Count);
            foreach (var ranges in keys)
            {
                var material = new SecretBytes(ranges.Sum(r => r.Length));
                var offset = 0;
                foreach (var range in ranges)
                {
                    Remove(range, material.AsSpan().Slice(offset, range.Length));
                    offset += range.Length;
                }
                taken.Add(new TakenKey(ranges, material));
            }
            return new TakeResult(taken, []);
        }
    }

    /// <summary>Erases whatever part of these ranges is held, unused: such bytes are never handed out.</summary>
    public long Discard(IEnumerable<KeyRange> ranges)
    {
        lock (_lock)
        {
            long dropped = 0;
            foreach (var range in ranges)
            {
                foreach (var segment in Overlapping(range))
                {
                    var start = Math.Max(segment.Start, range.Start);
                    var end = Math.Min(segment.End, range.End);
                    Remove(new KeyRange(start, (int)(end - start)), []);
                    dropped += end - start;
                }
            }
            return dropped;
        }
    }

    /// <summary>Every segment held, in stream order.</summary>
    public IReadOnlyList<KeyRange> Ranges()
    {
        lock (_lock)
        {
            return [.. _segments.Select(s => s.Range)];
        }
    }

    private TakenKey TakeOldest(int keyBytes)
    {
        var material = new SecretBytes(keyBytes);
        var ranges = new List<KeyRange>(1);
        var filled = 0;
        while (filled < keyBytes)
        {
            var segment = _segments.Min!;
            var range = new KeyRange(segment.Start, Math.Min(keyBytes - filled, segment.Length));
            Remove(segment, range, material.AsSpan().Slice(filled, range.Length));
            ranges.Add(range);
            filled += range.Length;
        }
        return new TakenKey(ranges, material);
    }

    /// <summary>
    /// Removes a held range, copying it out first when asked. The range may run across touching
    /// segments: blocks arrive one by one but are merged when the pool is reloaded, so the
    /// same bytes can be cut differently on the two KMEs of a link.
    /// </summary>
    private void Remove(KeyRange range, Span<byte> destination)
    {
        var done = 0;
        while (done < range.Length)
        {
            var segment = Floor(range.Start + done)!;
            var piece = (int)Math.Min(range.Length - done, segment.End - (range.Start + done));
            Remove(segment, new KeyRange(range.Start + done, piece), destination.IsEmpty ? [] : destination.Slice(done, piece));
            done += piece;
        }
    }

    private void Remove(PoolSegment segment, KeyRange range, Span<byte> destination)
    {
        segment.Extract(range, destination);
        if (range.Start == segment.Start && range.End == segment.End)
        {
            _segments.Remove(segment);
            segment.Erase();
        }
        else if (range.Start == segment.Start)
        {
            _segments.Remove(segment);
            segment.DropFront(range.Length);
            _segments.Add(segment);
        }
        else if (range.End == segment.End)
        {
            segment.DropBack(range.Length);
        }
        else
        {
            var tail = segment.SplitAt(range.End);
            segment.DropBack(range.Length);
            _segments.Add(tail);
        }
        _availableBytes -= range.Length;
    }

    /// <summary>The segment with the greatest start ≤ <paramref name="offset"/>.</summary>
    private PoolSegment? Floor(long offset) =>
        _segments.Count == 0 || _segments.Min!.Start > offset
            ? null
            : _segments.GetViewBetween(_segments.Min, PoolSegment.Probe(offset)).Max;

    private List<PoolSegment> Overlapping(KeyRange range)
    {
        var result = new List<PoolSegment>();
        if (Floor(range.Start) is { } first && first.End > range.Start)
        {
            result.Add(first);
        }
        if (range.Length > 1 && _segments.Count > 0 && _segments.Max!.Start > range.Start)
        {
            var upper = Math.Min(range.End - 1, _segments.Max.Start);
            if (upper > range.Start)
            {
                result.AddRange(_segments.GetViewBetween(PoolSegment.Probe(range.Start + 1), PoolSegment.Probe(upper)));
            }
        }
        return result;
    }

    /// <summary>Whether every byte of the range is held, in one segment or in several that touch.</summary>
    private bool IsHeld(KeyRange range)
    {
        var position = range.Start;
        var segment = Floor(position);
        while (segment is not null && segment.Start <= position && segment.End > position)
        {
            if (segment.End >= range.End)
            {
                return true;
            }
            position = segment.End;
            segment = Floor(position);
        }
        return false;
    }

    private static List<KeyRange> OverlappingEachOther(List<KeyRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Start).ToList();
        return [.. sorted.Zip(sorted.Skip(1)).Where(p => p.First.End > p.Second.Start).Select(p => p.Second)];
    }
}
