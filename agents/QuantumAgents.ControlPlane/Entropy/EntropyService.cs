using QuantumAgents.ControlPlane.Options;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Entropy.Health;

namespace QuantumAgents.ControlPlane.Entropy;

/// <summary>The configured entropy source and each tenant's share of it.</summary>
public sealed class EntropyService(IEntropySource source, EntropyServiceOptions options, TimeProvider time)
{
    public IEntropySource Source { get; } = source;

    public EntropyServiceOptions Options { get; } = options;

    public TenantRateLimiter Limiter { get; } = new(options.TenantBytesPerSecond, options.TenantBurstBytes, time);

    public string Health => Source is HealthTestedEntropySource tested ? tested.LastFailure ?? "ok" : "not tested (simulated)";
}
