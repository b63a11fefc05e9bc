using System.Text.Json.Serialization;

namespace QuantumAgents.Cli.Config;

/// <summary>A node as qactl sees it: its KME, the SAE qactl acts as there, and its client subnet.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class QactlNodeConfig
{
    public string? KmeUrl { get; set; }

    /// <summary>The SAE ID whose certificate this is; the node's name when absent.</summary>
    public string? SaeId { get; set; }

    public string? Certificate { get; set; }

    public string? Key { get; set; }

    /// <summary>The default subnet on this node's side of a tunnel (<c>--local-subnet</c>/<c>--remote-subnet</c> override it).</summary>
    public string? ClientSubnet { get; set; }
}
