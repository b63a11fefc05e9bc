namespace QuantumAgents.QrngAgent.Feeding;

/// <summary>
/// A token bucket over bytes taken from the source, so one machine cannot drain a shared QRNG:
/// at most <c>bytesPerSecond</c> on average, and one second's worth at once after a pause.
/// </summary>
public sealed class RateCap(long bytesPerSecond, TimeProvider time)
{
    private double _tokens = bytesPerSecond;
    private long _lastTimestamp = time.GetTimestamp();

    public bool Unlimited => bytesPerSecond <= 0;

    /// <summary>How long to wait before <paramref name="bytes"/> may be taken; zero when they may now.</summary>
    public TimeSpan DelayFor(int bytes)
    {
        if (Unlimited)
        {
            return TimeSpan.Zero;
        }
        Refill();
        var missing = bytes - _tokens;
        return missing <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(missing / bytesPerSecond);
    }

    /// <summary>Counts <paramref name="bytes"/> as taken (the bucket may go below zero: the next take waits longer).</summary>
    public void Take(int bytes)
    {
        if (Unlimited)
        {
            return;
        }
        Refill();
        _tokens -= bytes;
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(bytesPerSecond, _tokens + time.GetElapsedTime(_lastTimestamp, now).TotalSeconds * bytesPerSecond);
        _lastTimestamp = now;
    }
}
