using System.Net;
using QuantumAgents.ControlPlane.Options;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>
/// The boundary matrix: on a deployment where alice and bob own disjoint client networks and
/// TLS targets, every attempt of alice's outside her own is refused with 403 naming the range,
/// nothing reaches an agent, and no answer to alice names bob or anything of his.
/// </summary>
public sealed class TenantBoundaryApiTests : IAsyncLifetime
{
    private const string Tunnels = "/api/v1/ipsec/tunnels";
    private const string Sessions = "/api/v1/tls/sessions";

    private ControlPlaneServer _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private string _bobsTunnel = "";
    private string _bobsSession = "";

    public async Task InitializeAsync()
    {
        _server = await ControlPlaneServer.StartAsync(Deployment);
        _alice = _server.Client(await _server.NewTenantAsync("alice"));
        _bob = _server.Client(await _server.NewTenantAsync("bob"));
        _bobsTunnel = await CreatedAsync(_bob, Tunnels, Tunnel("198.19.101.0/24", "198.19.103.0/24"));
        _bobsSession = await CreatedAsync(_bob, Sessions, Session(9000, "198.19.103.10:80"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The testbed's shape: management 198.18.255.0/24, data links, and each tenant's own client networks.</summary>
    private static void Deployment(ControlPlaneOptions options)
    {
        options.InfrastructureRanges = ["198.18.255.0/24", "198.18.12.0/24", "198.18.23.0/24"];
        foreach (var node in options.Nodes.Values)
        {
            node.ClientSubnets.Clear();
            node.TlsTargets.Clear();
        }
        Own(options, "cait", "alice", "198.19.1.0/24");
        Own(options, "rectorado", "alice", "198.19.3.0/24", "80-443");
        Own(options, "cait", "bob", "198.19.101.0/24");
        Own(options, "rectorado", "bob", "198.19.103.0/24", "80");
        // Subnets the operator gave to both: there they can collide, but never see each other.
        options.Nodes["ccs"].ClientSubnets.Add(new ClientSubnetOptions { Subnet = "198.19.2.0/24", Tenants = ["alice", "bob"] });
        options.Nodes["rectorado"].ClientSubnets.Add(new ClientSubnetOptions { Subnet = "198.19.30.0/24", Tenants = ["alice", "bob"] });
    }

    private static void Own(ControlPlaneOptions options, string node, string tenant, string subnet, string? ports = null)
    {
        options.Nodes[node].ClientSubnets.Add(new ClientSubnetOptions { Subnet = subnet, Tenants = [tenant] });
        if (ports is not null)
        {
            options.Nodes[node].TlsTargets.Add(new TlsTargetOptions { Subnet = subnet, Ports = ports, Tenants = [tenant] });
        }
    }

    public static TheoryData<string, string, string> RefusedTunnels => new()
    {
        { "198.18.255.0/24", "198.19.3.0/24", "a_subnets[0]: 198.18.255.0/24 overlaps 198.18.255.0/24, an infrastructure range" },   // management
        { "198.18.0.0/15", "10.9.0.0/24", "a_subnets[0]: 198.18.0.0/15 overlaps 198.18.255.0/24, an infrastructure range" },     // covers it all
        { "198.18.12.0/25", "198.19.3.0/24", "a_subnets[0]: 198.18.12.0/25 overlaps 198.18.12.0/24, an infrastructure range" },    // a QKD data link
        { "198.19.1.0/24", "198.18.99.9/32", "b_subnets[0]: 198.18.99.9/32 overlaps 198.18.99.9/32, an infrastructure range" },   // island's address
        { "0.0.0.0/0", "2001:db8:3::/64", "a_subnets[0]: 0.0.0.0/0 overlaps 0.0.0.0/8, an infrastructure range" },                  // everything
        { "127.0.0.0/8", "198.19.3.0/24", "a_subnets[0]: 127.0.0.0/8 overlaps 127.0.0.0/8, an infrastructure range" },            // loopback
        { "169.254.0.0/16", "198.19.3.0/24", "a_subnets[0]: 169.254.0.0/16 overlaps 169.254.0.0/16, an infrastructure range" },   // link-local
        { "224.0.0.0/24", "198.19.3.0/24", "a_subnets[0]: 224.0.0.0/24 overlaps 224.0.0.0/4, an infrastructure range" },          // multicast
        { "198.19.101.0/24", "198.19.3.0/24", "a_subnets[0]: 198.19.101.0/24 is not within a client subnet of tenant 'alice' on cait (yours there: 198.19.1.0/24)" }, // bob's
        { "198.19.0.0/16", "10.9.0.0/24", "a_subnets[0]: 198.19.0.0/16 is not within a client subnet of tenant 'alice' on cait (yours there: 198.19.1.0/24)" },    // a grab
        { "198.19.1.0/24", "198.19.103.0/24", "b_subnets[0]: 198.19.103.0/24 is not within a client subnet of tenant 'alice' on rectorado (yours there: 198.19.3.0/24, 198.19.30.0/24)" },
        { "198.19.1.0/24", "2001:db8:3::/64", "b_subnets[0]: 2001:db8:3::/64 is not within a client subnet of tenant 'alice' on rectorado (yours there: 198.19.3.0/24, 198.19.30.0/24)" },
    };

    [Theory]
    [MemberData(nameof(RefusedTunnels))]
    public async Task A_tunnel_outside_the_tenants_own_subnets_is_refused_with_403_and_never_reaches_an_agent(string a, string b, string detail)
    {
        var (status, problem) = await _alice.PostJsonAsync(Tunnels, Tunnel(a, b));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith(detail, problem.Detail(), StringComparison.Ordinal);
        AssertNothingOfBob(problem);
        Assert.Empty(await AliceWorkAsync("cait", "ipsec"));
    }

    public static TheoryData<string, string> RefusedTargets => new()
    {
        { "198.18.255.3:8443", "target: 198.18.255.3:8443 is in 198.18.255.0/24, an infrastructure range" },   // rectorado's KME
        { "198.18.255.254:8480", "target: 198.18.255.254:8480 is in 198.18.255.0/24, an infrastructure range" }, // the control plane
        { "198.18.23.3:22", "target: 198.18.23.3:22 is in 198.18.23.0/24, an infrastructure range" },          // the node, on its data link
        { "127.0.0.1:8443", "target: 127.0.0.1:8443 is in 127.0.0.0/8, an infrastructure range" },
        { "[::1]:8443", "target: [::1]:8443 is in ::1/128, an infrastructure range" },
        { "169.254.169.254:80", "target: 169.254.169.254:80 is in 169.254.0.0/16, an infrastructure range" },
        { "198.18.99.9:80", "target: 198.18.99.9:80 is in 198.18.99.9/32, an infrastructure range" },
        { "198.19.103.10:80", "target: 198.19.103.10:80 is not a TLS target of tenant 'alice' on rectorado (yours there: 198.19.3.0/24 ports 80-443)" },
        { "198.19.3.10:22", "target: 198.19.3.10:22 is not a TLS target of tenant 'alice' on rectorado (yours there: 198.19.3.0/24 ports 80-443)" },
        { "198.19.4.10:80", "target: 198.19.4.10:80 is not a TLS target of tenant 'alice' on rectorado (yours there: 198.19.3.0/24 ports 80-443)" },
    };

    [Theory]
    [MemberData(nameof(RefusedTargets))]
    public async Task A_session_to_a_target_that_is_not_the_tenants_is_refused_with_403_and_never_reaches_an_agent(string target, string detail)
    {
        var (status, problem) = await _alice.PostJsonAsync(Sessions, Session(9100, target));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith(detail, problem.Detail(), StringComparison.Ordinal);
        AssertNothingOfBob(problem);
        Assert.Empty(await AliceWorkAsync("rectorado", "tls"));
    }

    [Fact]
    public async Task The_papers_GET_to_create_is_held_to_the_same_boundaries()
    {
        var (status, problem) = await _alice.GetJsonAsync("/compat/ipsec/create?a=cait&b=rectorado&a_subnets=198.18.255.0/24&b_subnets=198.19.3.0/24");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith("a_subnets[0]: 198.18.255.0/24 overlaps 198.18.255.0/24, an infrastructure range", problem.Detail(), StringComparison.Ordinal);
        Assert.Empty(await AliceWorkAsync("cait", "ipsec"));
    }

    [Fact]
    public async Task A_tenant_with_no_subnet_on_a_node_is_told_so()
    {
        var (status, problem) = await _alice.PostJsonAsync(Tunnels, """{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"]}""");
        Assert.Equal(HttpStatusCode.Created, status);

        var (refused, why) = await _alice.PostJsonAsync(Sessions, """{"client_node":"rectorado","server_node":"cait","listen":9200,"target":"198.19.1.10:80"}""");

        Assert.Equal((HttpStatusCode.Forbidden, "target: 198.19.1.10:80 is not a TLS target of tenant 'alice' on cait (you have none there; the operator assigns them)"),
            (refused, why.Detail()));
    }

    [Fact]
    public async Task Within_their_own_ranges_tenants_are_admitted_and_the_agents_get_the_work()
    {
        var tunnel = await CreatedAsync(_alice, Tunnels, Tunnel("198.19.1.128/25", "198.19.3.0/24"));
        var session = await CreatedAsync(_alice, Sessions, Session(9300, "198.19.3.10:443"));

        Assert.Contains(tunnel, await AliceWorkAsync("cait", "ipsec"));
        Assert.Contains(session, await AliceWorkAsync("rectorado", "tls"));
    }

    [Fact]
    public async Task A_collision_with_another_tenant_on_a_shared_subnet_or_port_names_nothing_of_theirs()
    {
        var bobs = await CreatedAsync(_bob, Tunnels, """{"a":"ccs","b":"rectorado","a_subnets":["198.19.2.0/24"],"b_subnets":["198.19.30.0/24"]}""");

        var (tunnelStatus, tunnelProblem) = await _alice.PostJsonAsync(Tunnels, """{"a":"ccs","b":"rectorado","a_subnets":["198.19.2.0/25"],"b_subnets":["198.19.30.0/24"]}""");
        var (portStatus, portProblem) = await _alice.PostJsonAsync(Sessions, Session(9000, "198.19.3.10:80"));

        Assert.Equal((HttpStatusCode.Conflict, "a_subnets: on ccs, the traffic of this tunnel overlaps another tunnel's"), (tunnelStatus, tunnelProblem.Detail()));
        Assert.Equal((HttpStatusCode.Conflict, "listen: port 9000 on cait is used by another session"), (portStatus, portProblem.Detail()));
        Assert.DoesNotContain(bobs, tunnelProblem.GetRawText(), StringComparison.Ordinal);
        AssertNothingOfBob(tunnelProblem);
        AssertNothingOfBob(portProblem);
    }

    /// <summary>No answer to alice names bob or anything of his (the range she herself asked for may be named).</summary>
    private void AssertNothingOfBob(System.Text.Json.JsonElement problem)
    {
        var text = problem.GetRawText();
        foreach (var his in new[] { "bob", _bobsTunnel, _bobsSession })
        {
            Assert.DoesNotContain(his, text, StringComparison.Ordinal);
        }
    }

    /// <summary>The ids of alice's resources in the work of an agent.</summary>
    private async Task<IReadOnlyList<string>> AliceWorkAsync(string node, string kind)
    {
        var work = await new ScriptedAgent(_server, node, kind).WorkAsync();
        var list = kind == "ipsec" ? "tunnels" : "sessions";
        return [.. ScriptedAgent.Items(work, list).Select(i => i.Str("id")).Where(id => id != _bobsTunnel && id != _bobsSession)];
    }

    private static string Tunnel(string a, string b) =>
        $$"""{"a":"cait","b":"rectorado","a_subnets":["{{a}}"],"b_subnets":["{{b}}"]}""";

    private static string Session(int listen, string target) =>
        $$"""{"client_node":"cait","server_node":"rectorado","listen":{{listen}},"target":"{{target}}"}""";

    private static async Task<string> CreatedAsync(HttpClient client, string path, string body)
    {
        var (status, created) = await client.PostJsonAsync(path, body);
        Assert.True(status == HttpStatusCode.Created, $"{path} {body}: {status} {created}");
        return created.Str("id");
    }
}
