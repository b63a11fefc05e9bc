namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// A <see cref="KmeLinkTap"/> policy that refuses or loses a share of the key-bearing messages
/// (assignments, forwarding messages) and loses some answers to blocks, from a seeded random
/// source so a failing run can be repeated.
/// </summary>
public sealed class RandomTapFaults(int seed, double refuse, double loseReply, double loseRequest, double loseBlockReply)
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    public TapFault Pick(string path, string body)
    {
        double draw;
        lock (_lock)
        {
            draw = _random.NextDouble();
        }
        if (path.EndsWith("/blocks", StringComparison.Ordinal))
        {
            return draw < loseBlockReply ? TapFault.LoseReply : TapFault.None;
        }
        if (!path.EndsWith("/assign", StringComparison.Ordinal) && !path.EndsWith("/forward", StringComparison.Ordinal))
        {
            return TapFault.None;
        }
        return draw < refuse ? TapFault.Refuse
            : draw < refuse + loseReply ? TapFault.LoseReply
            : draw < refuse + loseReply + loseRequest ? TapFault.LoseRequest
            : TapFault.None;
    }
}
