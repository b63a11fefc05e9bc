using System.Text.Json.Serialization;

namespace QuantumAgents.Cli.Config;

/// <summary>
/// qactl.json as written: the control plane to talk to and, for <c>qactl key</c>, each node's
/// KME and the SAE credentials to call it with. Relative paths are relative to the file.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class QactlConfigFile
{
    public string? Url { get; set; }

    /// <summary>PEM CA the control plane's (and the KMEs') certificates must chain to; the system roots when absent.</summary>
    public string? Ca { get; set; }

    public string? Token { get; set; }

    public string? TokenFile { get; set; }

    public Dictionary<string, QactlNodeConfig>? Nodes { get; set; }
}
