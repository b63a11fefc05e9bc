using Microsoft.Extensions.Configuration;

namespace QuantumAgents.ControlPlane.Options;

/// <summary><c>GET /api/v1/entropy</c>: where bytes come from and how much a tenant may take.</summary>
public sealed class EntropyServiceOptions
{
    /// <summary><c>simulated</c> (the OS CSPRNG, reported as not quantum) until a QRNG source is configured.</summary>
    [ConfigurationKeyName("source")] public string Source { get; set; } = "simulated";

    [ConfigurationKeyName("max_bytes_per_request")] public int MaxBytesPerRequest { get; set; } = 1 << 20;

    /// <summary>Each tenant's sustained share; a request beyond it gets 429 with Retry-After.</summary>
    [ConfigurationKeyName("tenant_bytes_per_second")] public long TenantBytesPerSecond { get; set; } = 8L << 20;

    /// <summary>What a tenant may take at once after being idle; at least one largest request.</summary>
    [ConfigurationKeyName("tenant_burst_bytes")] public long TenantBurstBytes { get; set; } = 16L << 20;
}
