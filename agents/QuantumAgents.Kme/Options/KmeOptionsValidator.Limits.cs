namespace QuantumAgents.Kme.Options;

internal static partial class KmeOptionsValidator
{
    /// <summary>The draw and stream limits of the SAEs: KME-wide defaults in <c>keys</c>, each SAE's own in <c>saes</c>.</summary>
    private static IEnumerable<string> ValidateLimits(KmeOptions o)
    {
        var k = o.Keys;
        foreach (var problem in ValidateSaeLimits("keys.sae_", k.SaeDrawBitsPerSecond, k.SaeDrawBurstBits, k.SaeMaxOpenStreams, k))
        {
            yield return problem;
        }
        if (k.StreamIdleSeconds < 1)
        {
            yield return "keys.stream_idle_seconds: at least 1";
        }
        foreach (var (id, sae) in o.Saes)
        {
            foreach (var problem in ValidateSaeLimits($"saes.{id}.", sae.DrawBitsPerSecond, sae.DrawBurstBits, sae.MaxOpenStreams, k))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> ValidateSaeLimits(string at, long? rate, long? burst, int? maxOpenStreams, KeyPolicyOptions k)
    {
        if (rate < 0)
        {
            yield return $"{at}draw_bits_per_second: 0 (no limit) or more";
        }
        if (burst < k.MaxSize)
        {
            yield return $"{at}draw_burst_bits: at least keys.max_size ({k.MaxSize}), or a key of that size could never be drawn";
        }
        if (maxOpenStreams < 0)
        {
            yield return $"{at}max_open_streams: 0 (no cap) or more";
        }
    }
}
