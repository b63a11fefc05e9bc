using System.Text.Json;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>What the TLS agent tests need from testbed.json beyond <see cref="Testbed"/>: the client namespaces and addresses.</summary>
public sealed record TlsAgentTestbed(IReadOnlyDictionary<string, (string ClientNetns, string ClientAddress)> Clients)
{
    /// <summary>The port every node's qa-tls-agent accepts the server role's connections on (scripts/lib/tls.sh).</summary>
    public const int ServerPort = 8444;

    public static string AgentBinary =>
        Environment.GetEnvironmentVariable("QA_TLS_AGENT_BINARY")
        ?? Path.Combine(Repository.Root, "agents", "QuantumAgents.TlsAgent", "bin", "Release", "net10.0", "qa-tls-agent");

    public static TlsAgentTestbed Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Testbed.Directory, "testbed.json")));
        var clients = document.RootElement.GetProperty("nodes").EnumerateObject().ToDictionary(
            n => n.Name,
            n => (n.Value.GetProperty("client_netns").GetString()!, n.Value.GetProperty("client_address").GetString()!));
        return new TlsAgentTestbed(clients);
    }
}
