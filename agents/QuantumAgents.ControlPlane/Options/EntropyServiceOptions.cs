using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Entropy;

namespace QuantumAgents.ControlPlane.Options;

/// <summary><c>GET /api/v1/entropy</c>: where bytes come from and how much a tenant may take.</summary>
public sealed class EntropyServiceOptions
{
    /// <summary>
    /// The QRNG: <c>{"kind": "simulated"}</c> (the OS CSPRNG, reported as not quantum) until a
    /// <c>device</c> or <c>rest</c> source is configured (health-tested, see docs/agents.md).
    /// </summary>
    [ConfigurationKeyName("source")] public EntropySourceOptions Source { get; set; } = new();

    [ConfigurationKeyName("max_bytes_per_request")] public int MaxBytesPerRequest { get; set; } = 1 << 20;

    /// <summary>Each tenant's sustained share; a request beyond it gets 429 with Retry-After.</summary>
    [ConfigurationKeyName("tenant_bytes_per_second")] public long TenantBytesPerSecond { get; set; } = 8L << 20;

    /// <summary>What a tenant may take at once after being idle; at least one largest request.</summary>
    [ConfigurationKeyName("tenant_burst_bytes")] public long TenantBurstBytes { get; set; } = 16L << 20;
}
