using Microsoft.Extensions.Configuration;

namespace QuantumAgents.TlsAgent.Options;

/// <summary>
/// One entry of <c>allowed_targets</c>: a subnet (CIDR or single address) and the ports on it
/// that server-role sessions of this node may connect to (<c>"443"</c> or <c>"8000-8100"</c>).
/// </summary>
public sealed class AllowedTargetOptions
{
    [ConfigurationKeyName("subnet")] public string Subnet { get; set; } = "";

    [ConfigurationKeyName("ports")] public string Ports { get; set; } = "";
}
