using Microsoft.Extensions.Configuration;

namespace QuantumAgents.ControlPlane.Options;

/// <summary>
/// Where a TLS session served by a node may connect (<c>nodes.NAME.tls_targets[]</c>): addresses
/// in <see cref="Subnet"/>, on <see cref="Ports"/> (<c>"443"</c> or <c>"8000-8099"</c>), for the
/// listed tenants. The node's TLS agent keeps its own list too and checks again.
/// </summary>
public sealed class TlsTargetOptions
{
    [ConfigurationKeyName("subnet")] public string Subnet { get; set; } = "";

    [ConfigurationKeyName("ports")] public string Ports { get; set; } = "1-65535";

    [ConfigurationKeyName("tenants")] public List<string> Tenants { get; set; } = [];
}
