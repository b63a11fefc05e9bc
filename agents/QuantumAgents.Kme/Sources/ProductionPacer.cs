namespace QuantumAgents.Kme.Sources;

/// <summary>
/// How much key a producing link may add now: a token bucket filled at the link's rate (at most
/// one second's worth banked), never past the pool's capacity. Pure, so it is unit-tested.
/// </summary>
public sealed class ProductionPacer(long rateBitsPerSecond, long poolBits)
{
    private double _bankedBits;
    private TimeSpan? _last;

    /// <summary>Whole bytes to produce at <paramref name="now"/>, given the pool's current level.</summary>
    public int BytesDue(TimeSpan now, long poolBytes)
    {
        if (_last is { } last && now > last)
        {
            _bankedBits = Math.Min(_bankedBits + (now - last).TotalSeconds * rateBitsPerSecond, rateBitsPerSecond);
        }
        _last = now;
        var headroomBits = Math.Max(0, poolBits - poolBytes * 8);
        var due = (long)Math.Min(_bankedBits, headroomBits) / 8;
        return (int)Math.Min(due, int.MaxValue);
    }

    /// <summary>Records that <paramref name="bytes"/> were produced.</summary>
    public void Produced(int bytes) => _bankedBits = Math.Max(0, _bankedBits - bytes * 8.0);
}
