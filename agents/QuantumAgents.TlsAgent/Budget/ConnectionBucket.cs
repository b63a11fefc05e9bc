namespace QuantumAgents.TlsAgent.Budget;

/// <summary>
/// A token bucket of new connections: <paramref name="perSecond"/> on average, at most
/// <paramref name="burst"/> at once after a pause. Starts full. Each admitted connection of a
/// client-role session costs one QKD key, so this is the session's key budget at the edge.
/// </summary>
public sealed class ConnectionBucket
{
    // Refills add fractions of a token; their rounding must not withhold a token that is due.
    private const double Rounding = 1e-9;

    private readonly double _perSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastTimestamp;

    public ConnectionBucket(int perSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentNullException.ThrowIfNull(time);
        _perSecond = perSecond;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Takes one connection's token; false (and nothing taken) when the bucket is empty.</summary>
    public bool TryTake()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_lastTimestamp, now).TotalSeconds * _perSecond));
            _lastTimestamp = now;
            if (_tokens < 1 - Rounding)
            {
                return false;
            }
            _tokens = Math.Max(0, _tokens - 1);
            return true;
        }
    }
}
