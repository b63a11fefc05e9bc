using System.Security.Cryptography;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Kme.Pool;

/// <summary>
/// A contiguous run of unused key material: a window onto a pinned buffer. Taking bytes from
/// either end moves the window and zeroes what was taken, without copying the rest.
/// </summary>
internal sealed class PoolSegment
{
    private readonly SecretBytes? _buffer;
    private int _offset;

    public PoolSegment(long start, SecretBytes buffer)
    {
        Start = start;
        Length = buffer.Length;
        _buffer = buffer;
    }

    /// <summary>A bufferless segment, only for looking up positions in the sorted set.</summary>
    private PoolSegment(long start) => Start = start;

    public static PoolSegment Probe(long start) => new(start);

    public long Start { get; private set; }
    public int Length { get; private set; }
    public long End => Start + Length;
    public KeyRange Range => new(Start, Length);

    /// <summary>Copies the bytes of <paramref name="range"/> (inside this segment) and zeroes them.</summary>
    public void Extract(KeyRange range, Span<byte> destination)
    {
        var bytes = _buffer!.AsSpan().Slice(_offset + (int)(range.Start - Start), range.Length);
        if (!destination.IsEmpty)
        {
            bytes.CopyTo(destination);
        }
        CryptographicOperations.ZeroMemory(bytes);
    }

    public void DropFront(int count)
    {
        Start += count;
        _offset += count;
        Length -= count;
    }

    public void DropBack(int count) => Length -= count;

    /// <summary>Moves the bytes after <paramref name="at"/> into a new segment and zeroes them here.</summary>
    public PoolSegment SplitAt(long at)
    {
        var keep = (int)(at - Start);
        var tail = _buffer!.AsSpan().Slice(_offset + keep, Length - keep);
        var split = new PoolSegment(at, SecretBytes.CopyFrom(tail));
        CryptographicOperations.ZeroMemory(tail);
        Length = keep;
        return split;
    }

    public void Erase() => _buffer?.Dispose();
}
