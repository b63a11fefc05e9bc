using System.Text.Json.Nodes;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>A node's IPsec agent configuration as testbed.sh writes it (<c>config/&lt;node&gt;/ipsec-agent.json</c>).</summary>
public static class IpsecAgentConfig
{
    public static string PathOf(string node) => Path.Combine(Testbed.Directory, "config", node, "ipsec-agent.json");

    /// <summary>The configuration with <paramref name="ranges"/> added to its <c>infrastructure_ranges</c>.</summary>
    public static string WithInfrastructure(string json, params string[] ranges)
    {
        var config = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("the agent's configuration is not a JSON object");
        var declared = config["infrastructure_ranges"]?.AsArray() ?? [];
        config.Remove("infrastructure_ranges");
        foreach (var range in ranges)
        {
            declared.Add(range);
        }
        config["infrastructure_ranges"] = declared;
        return config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
