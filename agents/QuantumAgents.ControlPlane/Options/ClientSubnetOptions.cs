using Microsoft.Extensions.Configuration;

namespace QuantumAgents.ControlPlane.Options;

/// <summary>
/// A client network behind a node (<c>nodes.NAME.client_subnets[]</c>) and the tenants whose
/// tunnels may carry it. A tunnel's subnets on that node must each lie inside one of the
/// tenant's entries; nothing else behind the node is any tenant's.
/// </summary>
public sealed class ClientSubnetOptions
{
    [ConfigurationKeyName("subnet")] public string Subnet { get; set; } = "";

    [ConfigurationKeyName("tenants")] public List<string> Tenants { get; set; } = [];
}
