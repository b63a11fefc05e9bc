namespace QuantumAgents.Kme.Pool;

/// <summary>
/// Which end of the shared pool this KME draws from when it is the master. The two KMEs of a
/// link draw from opposite ends, so they only ever contend for the same bytes when the pool is
/// nearly empty, and the peer's check then refuses the overlap: nothing is ever used twice.
/// </summary>
public enum PoolSide
{
    /// <summary>Lowest stream offsets first (the node whose name sorts first).</summary>
    Low,
    /// <summary>Highest stream offsets first.</summary>
    High,
}
