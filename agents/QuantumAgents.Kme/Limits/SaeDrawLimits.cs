using QuantumAgents.Core.Limits;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Limits;

/// <summary>
/// The draw limit of each SAE of this node (<see cref="SaeLimits"/>): a token bucket of bits,
/// charged before any key is taken out of a link's pool for the SAE — at <c>enc_keys</c> as
/// master, and for every chunk of an ETSI 004 stream it is the source of, as the chunk is made.
/// <c>dec_keys</c> and a destination's <c>get_key</c> are not charged: they fetch keys already
/// taken, and charged, for the master or the source. A draw that then fails is refunded.
/// </summary>
public sealed class SaeDrawLimits
{
    private readonly Dictionary<string, (SaeLimits Limits, TokenBucket Bucket)> _limited = new(StringComparer.Ordinal);

    public SaeDrawLimits(KmeOptions options, TimeProvider time)
    {
        foreach (var sae in options.Saes.Where(s => s.Value.Node == options.Node).Select(s => s.Key))
        {
            var limits = SaeLimits.For(options, sae);
            if (limits.DrawIsLimited)
            {
                _limited[sae] = (limits, new TokenBucket(limits.DrawBitsPerSecond, limits.DrawBurstBits, time));
            }
        }
    }

    /// <summary>
    /// Charges <paramref name="bits"/> to <paramref name="sae"/>, or throws without charging: 429
    /// with the seconds to wait when its bucket is short, 400 when the draw is larger than its
    /// burst (waiting would never help).
    /// </summary>
    public void Charge(string sae, long bits)
    {
        if (!_limited.TryGetValue(sae, out var limited))
        {
            return;
        }
        var (limits, bucket) = limited;
        var limit = $"SAE {sae} draws at most {limits.DrawBitsPerSecond} bits/s, at most {limits.DrawBurstBits} bits at once";
        if (bits > limits.DrawBurstBits)
        {
            throw EtsiProblemException.BadRequest($"{limit}; this request asks for {bits} bits");
        }
        if (!bucket.TryTake(bits, out var wait))
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            throw EtsiProblemException.TooManyRequests($"{limit}; {bits} bits asked, retry in {seconds} s", seconds);
        }
    }

    /// <summary>Gives back what <see cref="Charge"/> took for a draw that failed: the SAE got no key.</summary>
    public void Refund(string sae, long bits)
    {
        if (_limited.TryGetValue(sae, out var limited))
        {
            limited.Bucket.Refund(bits);
        }
    }
}
