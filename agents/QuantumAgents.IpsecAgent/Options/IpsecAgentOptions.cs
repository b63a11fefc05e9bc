using System.Net;
using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Hosting;

namespace QuantumAgents.IpsecAgent.Options;

/// <summary><c>/etc/quantum-agents/ipsec-agent.json</c>: the node, its control plane, its KME and its charon.</summary>
public sealed class IpsecAgentOptions : IDaemonOptions<IpsecAgentOptions>, IAgentOptions
{
    public static string Part => "ipsec-agent";

    [ConfigurationKeyName("node")] public string Node { get; set; } = "";

    [ConfigurationKeyName("control_plane")] public ControlPlaneClientOptions ControlPlane { get; set; } = new();

    [ConfigurationKeyName("kme")] public KmeClientOptions Kme { get; set; } = new();

    /// <summary>The node's charon VICI socket.</summary>
    [ConfigurationKeyName("vici_socket")] public string ViciSocket { get; set; } = "/var/run/charon.vici";

    /// <summary>This node's IKE address: where the peers' charons reach it (the control plane's address for the node).</summary>
    [ConfigurationKeyName("local_address")] public string LocalAddress { get; set; } = "";

    /// <summary>
    /// The deployment's own networks and addresses (management network, QKD data links, node
    /// addresses), as CIDRs or single addresses. The agent refuses a tunnel whose subnets overlap
    /// any of them, the built-in ranges (loopback, link-local, multicast, unspecified) or either
    /// IKE address, whatever the control plane asks; empty leaves the built-in ones and the IKE addresses.
    /// </summary>
    [ConfigurationKeyName("infrastructure_ranges")] public List<string> InfrastructureRanges { get; set; } = [];

    /// <summary>
    /// How long an initiator keeps retrying <c>initiate</c> after loading a key (the responder
    /// loads its copy only once it has seen the key_ID) before it reports the tunnel failed.
    /// </summary>
    [ConfigurationKeyName("initiate_window_seconds")] public int InitiateWindowSeconds { get; set; } = 60;

    /// <summary>
    /// charon's systemd unit, followed over D-Bus so that its restart makes the agent reconcile at
    /// once; empty to not follow it (charon not run by systemd).
    /// </summary>
    [ConfigurationKeyName("charon_unit")] public string? CharonUnit { get; set; } = "strongswan.service";

    public static IpsecAgentOptions Bind(IConfiguration configuration, bool rejectUnknownKeys) =>
        configuration.Get<IpsecAgentOptions>(binder => binder.ErrorOnUnknownConfiguration = rejectUnknownKeys) ?? new IpsecAgentOptions();

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Node))
        {
            yield return "node: required (this node's name at the control plane)";
        }
        foreach (var problem in ControlPlane.Validate().Concat(Kme.Validate()))
        {
            yield return problem;
        }
        if (string.IsNullOrWhiteSpace(ViciSocket) || !ViciSocket.StartsWith('/'))
        {
            yield return "vici_socket: an absolute path is required";
        }
        if (!IPAddress.TryParse(LocalAddress, out _))
        {
            yield return $"local_address: '{LocalAddress}' is not an IP address";
        }
        if (Core.Net.InfrastructureRanges.TryParseAll(InfrastructureRanges, out var bad) is null)
        {
            yield return $"infrastructure_ranges: '{bad}' is neither a CIDR with its host bits zero (198.18.255.0/24) nor an address (198.18.12.1)";
        }
        if (InitiateWindowSeconds is < 1 or > 3600)
        {
            yield return "initiate_window_seconds: between 1 and 3600";
        }
        if (!string.IsNullOrEmpty(CharonUnit) && (!CharonUnit.Contains('.', StringComparison.Ordinal) || CharonUnit.Contains('/', StringComparison.Ordinal)))
        {
            yield return $"charon_unit: '{CharonUnit}' is not a unit name (e.g. strongswan.service; empty to not follow charon's unit)";
        }
    }
}
