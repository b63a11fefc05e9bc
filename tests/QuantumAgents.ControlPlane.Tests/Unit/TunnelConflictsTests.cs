using QuantumAgents.ControlPlane.Kinds.Tunnels;

namespace QuantumAgents.ControlPlane.Tests.Unit;

public sealed class TunnelConflictsTests
{
    private const string Me = "demo";

    private static readonly TunnelSpec CaitToCcs = Tunnel("cait", "ccs", "10.1.0.0/24", "10.2.0.0/24");

    [Fact]
    public void The_same_traffic_between_the_same_nodes_conflicts_and_the_message_names_the_field_node_and_tunnel()
    {
        Assert.Equal("a_subnets: on cait, the traffic of this tunnel overlaps tun-1's",
            TunnelConflicts.Find(CaitToCcs, Me, [("tun-1", Me, Tunnel("cait", "ccs", "10.1.0.0/16", "10.2.0.128/25"))]));
    }

    [Fact]
    public void The_same_traffic_in_the_other_direction_conflicts_too()
    {
        Assert.NotNull(TunnelConflicts.Find(CaitToCcs, Me, [("tun-1", Me, Tunnel("ccs", "cait", "10.2.0.0/24", "10.1.0.0/24"))]));
    }

    [Fact]
    public void A_tunnel_to_another_node_conflicts_when_seen_from_the_shared_node_both_sides_overlap()
    {
        Assert.Equal("a_subnets: on cait, the traffic of this tunnel overlaps tun-2's",
            TunnelConflicts.Find(CaitToCcs, Me, [("tun-2", Me, Tunnel("cait", "rectorado", "10.1.0.0/24", "10.2.0.0/24"))]));
    }

    [Fact]
    public void The_shared_node_may_be_the_b_side_and_the_message_then_names_b_subnets()
    {
        Assert.Equal("b_subnets: on ccs, the traffic of this tunnel overlaps tun-3's",
            TunnelConflicts.Find(CaitToCcs, Me, [("tun-3", Me, Tunnel("rectorado", "ccs", "10.1.0.0/24", "10.2.0.0/24"))]));
    }

    [Theory]
    [InlineData("cait", "ccs", "10.1.0.0/24", "10.9.0.0/24")]
    [InlineData("cait", "ccs", "10.9.0.0/24", "10.2.0.0/24")]
    [InlineData("cait", "ccs", "10.2.0.0/24", "10.1.0.0/24")]
    [InlineData("rectorado", "island", "10.1.0.0/24", "10.2.0.0/24")]
    [InlineData("cait", "ccs", "2001:db8:1::/64", "2001:db8:2::/64")]
    public void Traffic_that_differs_on_either_side_or_tunnels_with_no_shared_node_do_not_conflict(string a, string b, string aSubnet, string bSubnet)
    {
        Assert.Null(TunnelConflicts.Find(CaitToCcs, Me, [("tun-4", Me, Tunnel(a, b, aSubnet, bSubnet))]));
    }

    [Fact]
    public void The_first_conflicting_tunnel_is_named_among_several()
    {
        var others = new[]
        {
            ("tun-a", Me, Tunnel("cait", "ccs", "10.1.0.0/24", "10.9.0.0/24")),
            ("tun-b", Me, Tunnel("ccs", "cait", "10.2.0.0/24", "10.1.0.0/24")),
            ("tun-c", Me, Tunnel("cait", "ccs", "10.1.0.0/24", "10.2.0.0/24")),
        };

        Assert.Contains("tun-b's", TunnelConflicts.Find(CaitToCcs, Me, others), StringComparison.Ordinal);
        Assert.Null(TunnelConflicts.Find(CaitToCcs, Me, []));
    }

    [Fact]
    public void Another_tenants_tunnel_is_never_named()
    {
        var conflict = TunnelConflicts.Find(CaitToCcs, Me, [("tun-secret", "bob", Tunnel("cait", "ccs", "10.1.0.0/24", "10.2.0.0/24"))]);

        Assert.Equal("a_subnets: on cait, the traffic of this tunnel overlaps another tunnel's", conflict);
    }

    private static TunnelSpec Tunnel(string a, string b, string aSubnet, string bSubnet) => new(a, b, [aSubnet], [bSubnet], "psk", 3600);
}
