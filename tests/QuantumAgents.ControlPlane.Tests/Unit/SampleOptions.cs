using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.Validation;
using QuantumAgents.Core.Routing;

namespace QuantumAgents.ControlPlane.Tests.Unit;

/// <summary>A valid configuration of the test deployment (cait–ccs–rectorado, and island with no link), built fresh for each test to change.</summary>
public static class SampleOptions
{
    public static ControlPlaneOptions Valid() => new()
    {
        Listen = ["http://127.0.0.1:8470", "https://[::1]:8471"],
        Tls = new ControlTlsOptions { Certificate = typeof(SampleOptions).Assembly.Location, Key = typeof(SampleOptions).Assembly.Location },
        StateDirectory = "/var/lib/quantum-agents/controld",
        AdminTokenSha256 = Tokens.Hash("admin"),
        Nodes = new Dictionary<string, ControlNodeOptions>
        {
            ["cait"] = Node("198.18.12.1", "ccs"),
            ["ccs"] = Node("198.18.12.2", "cait", "rectorado"),
            ["rectorado"] = Node("198.18.23.3", "ccs"),
            ["island"] = Node("198.18.99.9"),
        },
    };

    /// <summary>The validator over <see cref="Valid"/>, with the key paths its links make.</summary>
    public static RequestValidator Validator()
    {
        var options = Valid();
        return new RequestValidator(options, new Topology(options.Nodes.SelectMany(n => n.Value.Links.Select(peer => (n.Key, peer)))));
    }

    private static ControlNodeOptions Node(string address, params string[] links) =>
        new() { Address = address, Links = [.. links], TokenSha256 = Tokens.Hash("node-" + address) };
}
