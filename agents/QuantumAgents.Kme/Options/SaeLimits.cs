namespace QuantumAgents.Kme.Options;

/// <summary>
/// What one SAE of this node may draw: each value is the SAE's own setting (<c>saes.&lt;id&gt;.*</c>)
/// or else the KME-wide default (<c>keys.sae_*</c>). A draw rate of 0 and a stream cap of 0 set
/// no limit.
/// </summary>
public sealed record SaeLimits(long DrawBitsPerSecond, long DrawBurstBits, int MaxOpenStreams)
{
    public bool DrawIsLimited => DrawBitsPerSecond > 0;

    public bool StreamsAreCapped => MaxOpenStreams > 0;

    public static SaeLimits For(KmeOptions options, string saeId)
    {
        var sae = options.Saes.GetValueOrDefault(saeId);
        var keys = options.Keys;
        var rate = sae?.DrawBitsPerSecond ?? keys.SaeDrawBitsPerSecond;
        // One second of the rate, but room for one key of the largest size: with less, such a
        // key (a valid request) could never be drawn.
        var burst = sae?.DrawBurstBits ?? keys.SaeDrawBurstBits ?? Math.Max(rate, keys.MaxSize);
        return new SaeLimits(rate, burst, sae?.MaxOpenStreams ?? keys.SaeMaxOpenStreams);
    }
}
