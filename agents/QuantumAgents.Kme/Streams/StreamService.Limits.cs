using QuantumAgents.Core.Etsi004;
using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Streams;

/// <summary>
/// The limits on streams (ETSI GS QKD 004 V2.1.1 statuses): an SAE holds at most
/// <see cref="SaeLimits.MaxOpenStreams"/> open streams here (one more is refused with status 4,
/// no QKD connection available); a stream with no get_key for <c>keys.stream_idle_seconds</c>
/// is closed as close would; a source is given no more than its SAE's draw rate (status 7, with
/// that rate as the counter-offer). Its chunks are charged to that rate as they are made
/// (<see cref="Keys.KeyService.IssueNamedAsync"/>); a chunk held back by it is answered with
/// status 2, insufficient key, as any stall of the source.
/// </summary>
public sealed partial class StreamService
{
    private readonly Lock _adding = new();

    /// <summary>
    /// Closes every stream with no get_key for <c>keys.stream_idle_seconds</c>, exactly as close
    /// does (<see cref="Remove"/>); returns how many.
    /// </summary>
    public int CloseIdle()
    {
        var idle = TimeSpan.FromSeconds(options.Keys.StreamIdleSeconds);
        var closed = 0;
        foreach (var stream in _streams.Values)
        {
            if (stream.IsIdle(time, idle) && Remove(stream))
            {
                LogIdleClosed(stream.Id, stream.LocalSae, options.Keys.StreamIdleSeconds);
                closed++;
            }
        }
        return closed;
    }

    /// <summary>
    /// Adds an opened stream, unless its SAE already holds as many open streams as it may, or its
    /// ID is in use: then the answer refusing it. One at a time, so concurrent opens cannot
    /// overshoot the cap.
    /// </summary>
    private OpenConnectResponse? TryAdd(StreamSession stream)
    {
        var sae = stream.LocalSae;
        var limits = SaeLimits.For(options, sae);
        lock (_adding)
        {
            if (limits.StreamsAreCapped && _streams.Values.Count(s => s.LocalSae == sae) >= limits.MaxOpenStreams)
            {
                return new OpenConnectResponse
                {
                    Status = Etsi004Status.NoQkdConnection,
                    Message = $"SAE {sae} may hold at most {limits.MaxOpenStreams} open key streams at this KME; close one first",
                };
            }
            if (!_streams.TryAdd(stream.Id, stream))
            {
                return new OpenConnectResponse { Status = Etsi004Status.KeyStreamIdInUse, KeyStreamId = stream.Id, Message = $"key_stream_id {stream.Id} is in use" };
            }
        }
        return null;
    }

    /// <summary>The rate a new stream of <paramref name="sae"/> as source can have on this path, and what bounds it (said to the SAE).</summary>
    private async Task<(long Rate, string Bound)> SourceRateAsync(string sae, IReadOnlyList<string> path)
    {
        var rate = await SustainableRateAsync(path).ConfigureAwait(false);
        var limits = SaeLimits.For(options, sae);
        return limits.DrawIsLimited && limits.DrawBitsPerSecond < rate
            ? (limits.DrawBitsPerSecond, $"SAE {sae} draws at most {limits.DrawBitsPerSecond} bits/s")
            : (rate, $"the path {string.Join('-', path)} can sustain {rate} bit/s for a new stream");
    }

    [LoggerMessage(LogLevel.Information, "key stream {Id} of SAE {Sae} closed: no get_key for {Seconds} s")]
    private partial void LogIdleClosed(string id, string sae, int seconds);
}
