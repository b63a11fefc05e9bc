using Microsoft.Extensions.Configuration;

namespace QuantumAgents.ControlPlane.Options;

/// <summary>
/// <c>key_budget</c>: how the control plane admits services against the QKD links' key rate.
/// A service is admitted only if, on every link of its key path, the sustained draw of all
/// admitted services stays within the link's production rate times <see cref="Overcommit"/>.
/// </summary>
public sealed class KeyBudgetOptions
{
    /// <summary>
    /// 1.0 (the default) promises every admitted service its keys; above 1 the operator bets
    /// that services draw less than their budget (idle sessions), and a busy hour can then
    /// empty a pool.
    /// </summary>
    [ConfigurationKeyName("overcommit")] public double Overcommit { get; set; } = 1.0;

    /// <summary>The key size the agents take (their <c>kme.key_bits</c>), for the draw of each key.</summary>
    [ConfigurationKeyName("key_bits")] public int KeyBits { get; set; } = 256;
}
