using System.Collections.Concurrent;
using QuantumAgents.Core.Etsi004;

namespace QuantumAgents.Kme.Streams;

/// <summary>
/// One side of an ETSI 004 key stream as this KME serves it. The source side's KME makes the
/// chunks (chunk i is a key with ID <c>&lt;key_stream_id&gt;:&lt;i&gt;</c>, shared with the
/// destination SAE like any ETSI 014 key, plus a copy for the source SAE); each side hands each
/// chunk to its own SAE once.
/// </summary>
public sealed class StreamSession(string id, string sourceSae, string destinationSae, Etsi004Qos qos, bool isSource)
{
    private readonly ConcurrentDictionary<long, bool> _lost = new();
    private long _nextIndex;
    private long _produced;

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
}
