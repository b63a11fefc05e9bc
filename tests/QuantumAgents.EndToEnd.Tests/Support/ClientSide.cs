using System.Text.Json;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>
/// A node's client network as testbed.json describes it: the namespace users sit in, its
/// address, and the gateway (the node itself) where the node's TLS agent listens for them.
/// </summary>
public sealed record ClientSide(string Node, string Netns, string Subnet, string Address, string Gateway)
{
    public IpsecNode Ipsec => new(Node, Netns, Subnet, Address);

    public static ClientSide Load(string node)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Testbed.Directory, "testbed.json")));
        var entry = document.RootElement.GetProperty("nodes").GetProperty(node);
        return new ClientSide(node, entry.GetProperty("client_netns").GetString()!, entry.GetProperty("client_subnet").GetString()!,
            entry.GetProperty("client_address").GetString()!, entry.GetProperty("client_gateway").GetString()!);
    }
}
