using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>The three-node testbed of scripts/testbed.sh, as its testbed.json describes it.</summary>
public sealed class Testbed
{
    public static string Directory => Environment.GetEnvironmentVariable("QA_TESTBED_DIR") ?? "/run/qa-testbed";

    public required string Ca { get; init; }
    public required IReadOnlyDictionary<string, TestbedNode> Nodes { get; init; }
    public required TestbedControlPlane ControlPlane { get; init; }

    public static Testbed Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "testbed.json")));
        var root = document.RootElement;
        var nodes = new Dictionary<string, TestbedNode>();
        foreach (var node in root.GetProperty("nodes").EnumerateObject())
        {
            var saes = node.Value.GetProperty("saes").EnumerateObject().ToDictionary(
                s => s.Name,
                s => new SaeCredentials(s.Name, s.Value.GetProperty("cert").GetString()!, s.Value.GetProperty("key").GetString()!));
            nodes[node.Name] = new TestbedNode(
                node.Name,
                node.Value.GetProperty("netns").GetString()!,
                node.Value.GetProperty("kme_url").GetString()!,
                saes,
                node.Value.GetProperty("agent_token").GetString()!);
        }
        var controlPlane = root.GetProperty("control_plane");
        return new Testbed
        {
            Ca = root.GetProperty("ca").GetString()!,
            Nodes = nodes,
            ControlPlane = new TestbedControlPlane(controlPlane.GetProperty("url").GetString()!, controlPlane.GetProperty("admin_token").GetString()!,
                controlPlane.GetProperty("tenant_token").GetString()!),
        };
    }

    public static async Task<string> RunAsync(params string[] arguments)
    {
        var result = await Cli.Wrap(Repository.Script("testbed.sh"))
            .WithArguments(arguments)
            .WithEnvironmentVariables(e => e.Set("QA_SKIP_BUILD", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"testbed.sh {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        }
        return result.StandardOutput;
    }

    public string Pki(string file) => Path.Combine(Path.GetDirectoryName(Ca)!, file);

    public static string StateDatabase(string node) => Path.Combine(Directory, "state", node, "kme.db");
}

/// <summary>The testbed's qa-controld and the tokens testbed.sh made for it.</summary>
public sealed record TestbedControlPlane(string Url, string AdminToken, string TenantToken);

/// <param name="AgentToken">The bearer token of the node's agents at the control plane.</param>
public sealed record TestbedNode(string Name, string Netns, string KmeUrl, IReadOnlyDictionary<string, SaeCredentials> Saes, string AgentToken)
{
    /// <summary>The SAE named after the node (the paper: "the SAEs correspond to the Node ID").</summary>
    public SaeCredentials Sae => Saes[Name];

    /// <summary>The node's second application SAE, <c>&lt;node&gt;-app</c>.</summary>
    public SaeCredentials App => Saes[Name + "-app"];

    public string Keys(string saeId, string operation) => $"{KmeUrl}/api/v1/keys/{saeId}/{operation}";
}

public sealed record SaeCredentials(string SaeId, string Certificate, string Key);
