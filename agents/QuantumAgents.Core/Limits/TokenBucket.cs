namespace QuantumAgents.Core.Limits;

/// <summary>
/// A token bucket: holds at most <c>burst</c> tokens, starts full and refills at <c>rate</c>
/// tokens per second on <see cref="TimeProvider"/>'s clock. Thread-safe; pure but for the clock,
/// so it is unit-tested on a fake one. The one bucket of every budget: a KME's bits per SAE, a
/// TLS session's new connections, a tenant's entropy bytes.
/// </summary>
public sealed class TokenBucket
{
    // Refills add fractions of a token; their rounding must not withhold a token that is due.
    private const double Rounding = 1e-9;

    private readonly long _rate;
    private readonly long _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _filledAt;

    public TokenBucket(long ratePerSecond, long burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentNullException.ThrowIfNull(time);
        _rate = ratePerSecond;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _filledAt = time.GetTimestamp();
    }

    /// <summary>
    /// Takes <paramref name="amount"/> tokens, or none: then <paramref name="retryAfter"/> is how
    /// long until the bucket holds them (nothing else taking meanwhile). An amount over the
    /// burst never fits; the caller refuses it before asking.
    /// </summary>
    public bool TryTake(long amount, out TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amount, _burst);
        lock (_lock)
        {
            Refill();
            if (_tokens >= amount - Rounding)
            {
                _tokens = Math.Max(0, _tokens - amount);
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((amount - _tokens) / _rate);
            return false;
        }
    }

    /// <summary>Takes one token, or none.</summary>
    public bool TryTake() => TryTake(1, out _);

    /// <summary>Gives back tokens taken for something that did not happen; never beyond the burst.</summary>
    public void Refund(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        lock (_lock)
        {
            Refill();
            _tokens = Math.Min(_burst, _tokens + amount);
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_filledAt, now);
        if (elapsed > TimeSpan.Zero)
        {
            _tokens = Math.Min(_burst, _tokens + elapsed.TotalSeconds * _rate);
            _filledAt = now;
        }
    }
}
