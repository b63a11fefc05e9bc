using System.Collections.Concurrent;
using QuantumAgents.Core.Etsi004;

namespace QuantumAgents.Kme.Streams;

/// <summary>
/// One side of an ETSI 004 key stream as this KME serves it. The source side's KME makes the
/// chunks (chunk i is a key with ID <c>&lt;key_stream_id&gt;:&lt;i&gt;</c>, shared with the
/// destination SAE like any ETSI 014 key, plus a copy for the source SAE); each side hands each
/// chunk to its own SAE once.
/// </summary>
/// <param name="openedAt">When it was opened, as a <see cref="TimeProvider.GetTimestamp"/>: its idle time starts there.</param>
public sealed class StreamSession(string id, string sourceSae, string destinationSae, Etsi004Qos qos, bool isSource, long openedAt)
{
    private readonly ConcurrentDictionary<long, bool> _lost = new();
    private long _nextIndex;
    private long _produced;
    private int _getKeysRunning;
    private long _lastGetKeyAt = openedAt;

    public string Id { get; } = id;
    public string SourceSae { get; } = sourceSae;
    public string DestinationSae { get; } = destinationSae;
    public Etsi004Qos Qos { get; } = qos;
    public bool IsSource { get; } = isSource;

    /// <summary>The SAE this KME serves the stream to: its owner here.</summary>
    public string LocalSae => IsSource ? SourceSae : DestinationSae;

    public CancellationTokenSource Stop { get; } = new();

    /// <summary>Chunks 0 … Produced-1 exist (source side).</summary>
    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Why production is stalled (source side), or null while it keeps up.</summary>
    public string? Stalled { get; set; }

    public string ChunkKeyId(long index) => $"{Id}:{index}";

    public string ChunkPrefix => Id + ":";

    /// <summary>The index get_key serves when the caller names none: the one after the last it served.</summary>
    public long NextIndex => Interlocked.Read(ref _nextIndex);

    public void Served(long index)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _nextIndex);
        }
        while (index + 1 > current && Interlocked.CompareExchange(ref _nextIndex, index + 1, current) != current);
    }

    public void CountProduced() => Interlocked.Increment(ref _produced);

    /// <summary>Source side: chunk <paramref name="index"/> left this KME but its answer was lost; the stream moves on without it.</summary>
    public void Lose(long index)
    {
        _lost[index] = true;
        CountProduced();
    }

    public bool IsLost(long index) => _lost.ContainsKey(index);

    /// <summary>A get_key begins: while one runs (it may wait for a chunk), the stream is not idle.</summary>
    public void GetKeyStarted() => Interlocked.Increment(ref _getKeysRunning);

    /// <summary>A get_key ended at <paramref name="timestamp"/>: the stream's idle time starts again there.</summary>
    public void GetKeyEnded(long timestamp)
    {
        // The time first: a sweep that sees no get_key running then sees this one's end.
        Interlocked.Exchange(ref _lastGetKeyAt, timestamp);
        Interlocked.Decrement(ref _getKeysRunning);
    }

    /// <summary>Whether no get_key has run for <paramref name="idle"/>, since the stream was opened or since the last one ended.</summary>
    public bool IsIdle(TimeProvider time, TimeSpan idle) =>
        Volatile.Read(ref _getKeysRunning) == 0 && time.GetElapsedTime(Interlocked.Read(ref _lastGetKeyAt)) >= idle;
}
