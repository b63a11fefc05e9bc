using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Kinds.Tunnels;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.Core.Routing;

namespace QuantumAgents.ControlPlane.Tests.Unit;

/// <summary>The key budget over the control plane's agents and resources as they are: a tunnel of PSK rekeying every 10 s draws 25.6 bits/s.</summary>
public sealed class KeyBudgetTests
{
    private readonly Dictionary<(string Node, AgentKind Kind), AgentRecord> _agents = [];
    private readonly Dictionary<string, ServiceResource> _resources = new(StringComparer.Ordinal);
    private readonly KeyBudget _budget;

    public KeyBudgetTests()
    {
        var options = SampleOptions.Valid();
        _budget = new KeyBudget(options, new Topology(options.Nodes.SelectMany(n => n.Value.Links.Select(peer => (n.Key, peer)))), _agents, _resources);
    }

    [Fact]
    public void A_link_no_KME_reported_is_not_limited()
    {
        Assert.Null(_budget.LinkRefusal(1e9, "cait", "rectorado"));
        Assert.Null(_budget.Of("cait", "ccs").RateBitsPerSecond);
    }

    [Fact]
    public void Services_admitted_since_count_against_every_link_they_cross_and_the_refusal_names_the_short_one()
    {
        _agents[("rectorado", AgentKind.Ipsec)] = new AgentRecord("rectorado", AgentKind.Ipsec, "1.0", new Dictionary<string, string>(),
            [new LinkFact { Peer = "ccs", RateBitsPerSecond = 100 }], DateTimeOffset.UnixEpoch);
        Assert.Null(_budget.LinkRefusal(51.2, "cait", "rectorado"));

        AddTunnel("tun-1", "cait", "rectorado");
        AddTunnel("tun-2", "ccs", "rectorado");

        Assert.Equal((100, 51.2), (_budget.Of("ccs", "rectorado").RateBitsPerSecond, _budget.Of("rectorado", "ccs").CommittedBitsPerSecond));
        Assert.Equal(25.6, _budget.Of("cait", "ccs").CommittedBitsPerSecond);
        Assert.Equal("key budget: this service draws 51.2 bits/s of QKD key on every link from cait to rectorado; "
                     + "ccs–rectorado produces 100 bits/s, 51.2 committed to admitted services, 48.8 free", _budget.LinkRefusal(51.2, "cait", "rectorado"));
        Assert.Equal(51.2, _budget.CommittedBy("demo"));
    }

    private void AddTunnel(string id, string a, string b) => _resources[id] = new ServiceResource
    {
        Id = id,
        Kind = AgentKind.Ipsec,
        Tenant = "demo",
        CreatedAt = DateTimeOffset.UnixEpoch,
        Spec = new TunnelSpec(a, b, ["10.1.0.0/24"], ["10.2.0.0/24"], "psk", 10),
        Sides = [new ResourceSide(a, "initiator"), new ResourceSide(b, "responder")],
    };
}
