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

    /// <summary>The client networks behind the node and whose each is; none means no tunnel may end here.</summary>
    [ConfigurationKeyName("client_subnets")] public List<ClientSubnetOptions> ClientSubnets { get; set; } = [];

    /// <summary>Where TLS sessions this node serves may connect; none means no session may be served here.</summary>
    [ConfigurationKeyName("tls_targets")] public List<TlsTargetOptions> TlsTargets { get; set; } = [];
}
