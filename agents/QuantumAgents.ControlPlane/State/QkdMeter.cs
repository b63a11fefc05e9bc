namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// Metering of QKD key by budget: a service is charged its sustained draw for every second it
/// exists (the agents hold its real draw within that), split by UTC day for the daily quota.
/// </summary>
public static class QkdMeter
{
    /// <summary>The UTC day of <paramref name="at"/>, as days since 1970-01-01.</summary>
    public static long Day(DateTimeOffset at) => (long)Math.Floor((at.UtcDateTime - DateTime.UnixEpoch).TotalDays);

    /// <summary>Bits a draw of <paramref name="bitsPerSecond"/> from <paramref name="from"/> to <paramref name="until"/> costs.</summary>
    public static double Bits(DateTimeOffset from, DateTimeOffset until, double bitsPerSecond) =>
        Math.Max(0, (until - from).TotalSeconds) * bitsPerSecond;

    /// <summary>The part of that cost that falls on UTC day <paramref name="day"/>.</summary>
    public static double BitsOn(long day, DateTimeOffset from, DateTimeOffset until, double bitsPerSecond)
    {
        var start = DateTimeOffset.UnixEpoch.AddDays(day);
        var end = start.AddDays(1);
        var overlapFrom = from > start ? from : start;
        var overlapUntil = until < end ? until : end;
        return Bits(overlapFrom, overlapUntil, bitsPerSecond);
    }
}
