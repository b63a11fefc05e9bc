using Microsoft.Extensions.Configuration;

namespace QuantumAgents.ControlPlane.Options;

/// <summary>One node of the deployment.</summary>
public sealed class ControlNodeOptions
{
    /// <summary>Where the node's services are reached by the other nodes (IKE, TLS), e.g. its data-link address.</summary>
    [ConfigurationKeyName("address")] public string Address { get; set; } = "";

    /// <summary>The nodes this one shares a QKD link with; together they make the key paths.</summary>
    [ConfigurationKeyName("links")] public List<string> Links { get; set; } = [];

    /// <summary>SHA-256 (hex) of the token this node's agents present; it opens only this node's agent API.</summary>
    [ConfigurationKeyName("token_sha256")] public string TokenSha256 { get; set; } = "";
}
