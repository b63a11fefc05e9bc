using System.Collections.Concurrent;
using QuantumAgents.Core.Etsi004;
using QuantumAgents.Kme.Forwarding;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Streams;

/// <summary>
/// ETSI GS QKD 004 (V2.1.1 semantics): OPEN_CONNECT, GET_KEY and CLOSE over key streams. The
/// source side's KME produces chunks at the agreed rate through the same machinery as ETSI 014
/// (direct links or trusted-node forwarding), so a stream works across virtual links too.
/// Streams live in memory; their chunks are ordinary keys in the store, erased after the ttl.
/// The limits on streams (a cap per SAE, the idle expiry, the source SAE's draw rate) are in
/// <c>StreamService.Limits.cs</c>.
/// </summary>
public sealed partial class StreamService(
    KmeOptions options, KeyService keys, LinkRegistry links, ForwardingService forwarding, KmeStore store, TimeProvider time, ILogger<StreamService> logger)
    : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private readonly ConcurrentDictionary<string, StreamSession> _streams = new(StringComparer.Ordinal);

    public async Task<OpenConnectResponse> OpenAsync(string caller, OpenConnectRequest request)
    {
        var source = SaeUri.TryParse(request.Source) ?? throw EtsiProblemException.BadRequest("source: a qkd://<SAE_ID> URI is required");
        var destination = SaeUri.TryParse(request.Destination) ?? throw EtsiProblemException.BadRequest("destination: a qkd://<SAE_ID> URI is required");
        if (caller != source && caller != destination)
        {
            throw EtsiProblemException.Unauthorized($"SAE '{caller}' is neither the source nor the destination of this stream");
        }
        var qos = request.Qos;
        ValidateQos(qos);
        var isSource = caller == source;
        var peer = isSource ? destination : source;
        var path = keys.TryPathTo(peer);
        if (path is null)
        {
            return new OpenConnectResponse { Status = Etsi004Status.NoQkdConnection, Message = $"no QKD link or path to the node of SAE '{peer}'" };
        }
        if (!isSource && string.IsNullOrEmpty(request.KeyStreamId))
        {
            throw EtsiProblemException.BadRequest("key_stream_id: the destination opens the stream with the source's key_stream_id");
        }
        if (isSource)
        {
            var (rate, bound) = await SourceRateAsync(caller, path).ConfigureAwait(false);
            if (qos.MinBps > rate)
            {
                return new OpenConnectResponse
                {
                    Status = Etsi004Status.QosNotMet,
                    Qos = qos with { MinBps = rate, MaxBps = rate },
                    Message = bound,
                };
            }
            qos = qos with { MaxBps = Math.Min(qos.MaxBps, rate) };
        }
        var id = string.IsNullOrEmpty(request.KeyStreamId) ? Guid.NewGuid().ToString() : request.KeyStreamId;
        var stream = new StreamSession(id, source, destination, qos, isSource, time.GetTimestamp());
        if (TryAdd(stream) is { } refused)
        {
            return refused;
        }
        if (isSource)
        {
            _ = Task.Run(() => ProduceAsync(stream));
            LogOpened(id, source, destination, qos.KeyChunkSize, qos.MaxBps);
            return new OpenConnectResponse { Status = Etsi004Status.SuccessfulPeerNotConnected, KeyStreamId = id, Qos = qos };
        }
        var connected = await store.WriteAsync(t => t.AnyKeyWithPrefix(stream.ChunkPrefix)).ConfigureAwait(false);
        return new OpenConnectResponse { Status = connected ? Etsi004Status.Successful : Etsi004Status.SuccessfulPeerNotConnected, KeyStreamId = id, Qos = qos };
    }

    public async Task<GetKeyResponse> GetKeyAsync(string caller, string keyStreamId, long? requestedIndex, int? metadataSize)
    {
        var stream = Owned(caller, keyStreamId);
        stream.GetKeyStarted();
        try
        {
            return await GetKeyAsync(stream, caller, requestedIndex, metadataSize).ConfigureAwait(false);
        }
        finally
        {
            stream.GetKeyEnded(time.GetTimestamp());
        }
    }

    private async Task<GetKeyResponse> GetKeyAsync(StreamSession stream, string caller, long? requestedIndex, int? metadataSize)
    {
        var index = requestedIndex ?? stream.NextIndex;
        if (index < 0)
        {
            throw EtsiProblemException.BadRequest("index must not be negative");
        }
        var metadata = $"{{\"key_stream_id\":\"{stream.Id}\",\"index\":{index}}}";
        if (metadataSize is { } size && size < metadata.Length)
        {
            return new GetKeyResponse { Status = Etsi004Status.MetadataTooSmall, Index = index, Message = $"the metadata needs {metadata.Length} bytes" };
        }
        var deadline = time.GetUtcNow().AddMilliseconds(stream.Qos.Timeout);
        while (true)
        {
            if (stream.IsSource && stream.IsLost(index))
            {
                stream.Served(index);
                return new GetKeyResponse { Status = Etsi004Status.InsufficientKey, Index = index, Message = $"chunk {index} was lost on its way to the peer KME; the stream goes on with chunk {index + 1}" };
            }
            var now = time.GetUtcNow();
            var outcome = await store.WriteAsync(t => t.DeliverToSlave(stream.ChunkKeyId(index), stream.SourceSae, caller, now.ToUnixTimeSeconds())).ConfigureAwait(false);
            switch (outcome)
            {
                case SlaveDelivery.Delivered delivered:
                    using (delivered.Material)
                    {
                        stream.Served(index);
                        return new GetKeyResponse { Status = Etsi004Status.Successful, Index = index, KeyBuffer = delivered.Material.AsReadOnlySpan().ToArray(), Metadata = metadata };
                    }
                case SlaveDelivery.Refused { Message: var why } when why.Contains("expired", StringComparison.Ordinal):
                    return new GetKeyResponse { Status = Etsi004Status.InsufficientKey, Index = index, Message = $"chunk {index} was dropped after the stream's ttl" };
                case SlaveDelivery.Refused { Message: var why } when !why.EndsWith("is unknown", StringComparison.Ordinal):
                    throw EtsiProblemException.BadRequest(why);
            }
            if (stream.IsSource && stream.Stalled is { } stalled && index >= stream.Produced)
            {
                return new GetKeyResponse { Status = Etsi004Status.InsufficientKey, Index = index, Message = stalled };
            }
            if (now >= deadline)
            {
                var peerConnected = stream.IsSource || await store.WriteAsync(t => t.AnyKeyWithPrefix(stream.ChunkPrefix)).ConfigureAwait(false);
                return peerConnected
                    ? new GetKeyResponse { Status = Etsi004Status.Timeout, Index = index, Message = $"no chunk {index} within {stream.Qos.Timeout} ms" }
                    : new GetKeyResponse { Status = Etsi004Status.PeerNotConnected, Index = index, Message = "the source has not opened the stream" };
            }
            await Task.Delay(Poll, time).ConfigureAwait(false);
        }
    }

    public CloseResponse Close(string caller, string keyStreamId)
    {
        var stream = Owned(caller, keyStreamId);
        if (Remove(stream))
        {
            LogClosed(stream.Id, caller);
        }
        return new CloseResponse { Status = Etsi004Status.Successful };
    }

    /// <summary>
    /// Ends a stream (close, or idle expiry): it is no longer open, so its rate is no longer
    /// reserved and no get_key reaches it; the source side makes no further chunk. Chunks made
    /// and not yet fetched stay stored keys, as any key: fetched once each on a stream opened
    /// again under the same ID, or erased at their ttl. False when it had ended already.
    /// </summary>
    private bool Remove(StreamSession stream)
    {
        if (!_streams.TryRemove(new KeyValuePair<string, StreamSession>(stream.Id, stream)))
        {
            return false;
        }
        stream.Stop.Cancel();
        return true;
    }

    /// <summary>The open stream with this ID, for tests.</summary>
    internal StreamSession? Find(string keyStreamId) => _streams.GetValueOrDefault(keyStreamId);

    private StreamSession Owned(string caller, string keyStreamId)
    {
        if (!_streams.TryGetValue(keyStreamId, out var stream))
        {
            throw EtsiProblemException.BadRequest(
                $"key_stream_id {keyStreamId} is not open at this KME (never opened, closed, or closed after {options.Keys.StreamIdleSeconds} s without get_key)");
        }
        return stream.LocalSae == caller
            ? stream
            : throw EtsiProblemException.Unauthorized($"key stream {keyStreamId} belongs to SAE '{stream.LocalSae}'");
    }

    /// <summary>The source side: one chunk every key_chunk_size·8 / max_bps seconds until closed.</summary>
    private async Task ProduceAsync(StreamSession stream)
    {
        var interval = TimeSpan.FromSeconds(stream.Qos.KeyChunkSize * 8.0 / Math.Max(1, stream.Qos.MaxBps));
        var token = stream.Stop.Token;
        while (!token.IsCancellationRequested)
        {
            var index = stream.Produced;
            var issued = false;
            try
            {
                using var chunk = await keys.IssueNamedAsync(stream.SourceSae, stream.DestinationSae, [stream.ChunkKeyId(index)], stream.Qos.KeyChunkSize * 8, stream.Qos.Ttl)
                    .ConfigureAwait(false);
                issued = true;
                var expires = time.GetUtcNow().AddSeconds(stream.Qos.Ttl).ToUnixTimeSeconds();
                var material = chunk.Keys[0].Key;
                // The source SAE's copy: a key whose only slave is the source SAE itself.
                await store.WriteAsync(t =>
                {
                    t.InsertKey(stream.ChunkKeyId(index), "stream", stream.SourceSae, [stream.SourceSae], material.AsReadOnlySpan(), expires);
                    return 0;
                }).ConfigureAwait(false);
                stream.CountProduced();
                stream.Stalled = null;
            }
            catch (Exception e) when (issued || e is EtsiProblemException { OutcomeUnknown: true })
            {
                // The chunk left this KME (issued, or sent with its answer lost): the peer KME may
                // hold it under its ID, so that ID is never issued again (the peer would refuse it
                // every tick, burning key each time). The stream moves on to the next index.
                stream.Lose(index);
                LogChunkLost(stream.Id, index, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Short of key, a peer away: get_key says so (status 2) and the next tick tries
                // the same index again, with fresh key.
                if (stream.Stalled is null)
                {
                    LogStalled(stream.Id, e.Message);
                }
                stream.Stalled = e.Message;
            }
            try
            {
                await Task.Delay(interval, time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The key rate the path can give a new stream: the slowest link, less what open streams reserved on our first hop.</summary>
    private async Task<long> SustainableRateAsync(IReadOnlyList<string> path)
    {
        var first = links.ByPeer(path[1])!;
        long rate = first.Options.Source.RateBitsPerSecond;
        if (path.Count > 2)
        {
            rate = Math.Min(rate, (await forwarding.PathCapacityAsync(path[^1]).ConfigureAwait(false)).RateBitsPerSecond);
        }
        var reserved = _streams.Values
            .Where(s => s.IsSource && keys.TryPathTo(s.DestinationSae) is { } p && p[1] == path[1])
            .Sum(s => s.Qos.MinBps);
        return Math.Max(0, rate - reserved);
    }

    private void ValidateQos(Etsi004Qos qos)
    {
        var minBytes = options.Keys.MinSize / 8;
        var maxBytes = options.Keys.MaxSize / 8;
        if (qos.KeyChunkSize < minBytes || qos.KeyChunkSize > maxBytes)
        {
            throw EtsiProblemException.BadRequest($"qos.key_chunk_size must be between {minBytes} and {maxBytes} bytes");
        }
        if (qos.MinBps < 0 || qos.MaxBps < 1 || qos.MinBps > qos.MaxBps)
        {
            throw EtsiProblemException.BadRequest("qos: 0 <= min_bps <= max_bps and max_bps >= 1 are required");
        }
        if (qos.Timeout is < 0 or > 600_000 || qos.Ttl < 1 || qos.Jitter < 0)
        {
            throw EtsiProblemException.BadRequest("qos: timeout 0 to 600000 ms, ttl at least 1 s, jitter not negative");
        }
    }

    public void Dispose()
    {
        foreach (var stream in _streams.Values)
        {
            stream.Stop.Cancel();
        }
    }

    [LoggerMessage(LogLevel.Information, "key stream {Id} opened: {Source} -> {Destination}, {Chunk}-byte chunks at up to {Bps} bit/s")]
    private partial void LogOpened(string id, string source, string destination, int chunk, long bps);

    [LoggerMessage(LogLevel.Warning, "key stream {Id}: producing chunks stalled: {Reason}")]
    private partial void LogStalled(string id, string reason);

    [LoggerMessage(LogLevel.Warning, "key stream {Id}: chunk {Index} was lost on its way to the peer KME ({Reason}); going on with the next")]
    private partial void LogChunkLost(string id, long index, string reason);

    [LoggerMessage(LogLevel.Information, "key stream {Id} closed by {Sae}")]
    private partial void LogClosed(string id, string sae);
}
