using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// The drawn rate of each link as a node's KME counts it: the difference of <c>drawn_bits</c>
/// between two reads, over the time between them. Agents repeat a read in every heartbeat until
/// they read again, so only a later read counts; a counter that went back (the KME restarted)
/// starts the measurement over.
/// </summary>
public sealed class LinkMeter
{
    /// <summary>Reads closer together than this are not used: the rate would be mostly noise.</summary>
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<(string Node, string Peer), Sample> _samples = [];

    public void Record(string node, LinkFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (fact is not { ReadAt: { } at, DrawnBits: { } drawn })
        {
            return;
        }
        var key = (node, fact.Peer);
        if (!_samples.TryGetValue(key, out var last) || drawn < last.Drawn)
        {
            _samples[key] = new Sample(at, drawn, null);
            return;
        }
        var interval = at - last.At;
        if (interval >= ShortestInterval)
        {
            _samples[key] = new Sample(at, drawn, (drawn - last.Drawn) / interval.TotalSeconds);
        }
    }

    /// <summary>Bits per second drawn between the node's last two reads of the link, or null before there are two.</summary>
    public double? DrawnBitsPerSecond(string node, string peer) => _samples.GetValueOrDefault((node, peer))?.Rate;

    private sealed record Sample(DateTimeOffset At, long Drawn, double? Rate);
}
