using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// One link of a node: its nominal rate (null until a KME reported it), the draw promised to
/// admitted services, the draw measured at the node's KME, and the node's last read of the link.
/// </summary>
public sealed record LinkBudget(double? RateBitsPerSecond, double CommittedBitsPerSecond, double? DrawnBitsPerSecond, LinkFact? Fact)
{
    /// <summary>Seconds until the pool is empty at the measured draw; null when it is not shrinking (or not known).</summary>
    public double? SecondsUntilEmpty =>
        Fact?.PoolBits is { } pool && DrawnBitsPerSecond is { } drawn && RateBitsPerSecond is { } rate && drawn > rate
            ? pool / (drawn - rate)
            : null;
}
