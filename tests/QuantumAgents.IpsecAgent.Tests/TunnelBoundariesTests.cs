using System.Net;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Net;
using QuantumAgents.IpsecAgent.Boundaries;
using QuantumAgents.IpsecAgent.Options;
using static QuantumAgents.IpsecAgent.Tests.Tunnels;

namespace QuantumAgents.IpsecAgent.Tests;

public sealed class TunnelBoundariesTests
{
    // cait on the testbed: its IKE address 198.18.12.1, the management network and, declared as a
    // node address, ccs's 198.18.12.2. The peer (rectorado) is at 198.18.23.3, not declared, so
    // that the IKE address check itself is what refuses it.
    private static readonly TunnelBoundaries Cait = new(
        new InfrastructureRanges([IPNetwork.Parse("198.18.255.0/24"), IPNetwork.Parse("198.18.12.2/32")]), IPAddress.Parse("198.18.12.1"));

    [Theory]
    [InlineData("198.18.0.0/16", "a_subnets 198.18.0.0/16 covers infrastructure range 198.18.255.0/24 of this node")]
    [InlineData("198.18.255.128/25", "a_subnets 198.18.255.128/25 lies inside infrastructure range 198.18.255.0/24 of this node")]
    [InlineData("198.18.255.7", "a_subnets 198.18.255.7 lies inside infrastructure range 198.18.255.0/24 of this node")]
    [InlineData("198.18.12.2/31", "a_subnets 198.18.12.2/31 covers infrastructure range 198.18.12.2/32 of this node")]
    [InlineData("127.0.0.0/8", "a_subnets 127.0.0.0/8 covers built-in infrastructure range 127.0.0.0/8")]
    [InlineData("127.0.0.1/32", "a_subnets 127.0.0.1/32 lies inside built-in infrastructure range 127.0.0.0/8")]
    [InlineData("169.254.169.254/32", "a_subnets 169.254.169.254/32 lies inside built-in infrastructure range 169.254.0.0/16")]
    [InlineData("239.1.1.0/24", "a_subnets 239.1.1.0/24 lies inside built-in infrastructure range 224.0.0.0/4")]
    [InlineData("0.0.0.0/0", "a_subnets 0.0.0.0/0 covers built-in infrastructure range 0.0.0.0/8")]
    [InlineData("::/0", "a_subnets ::/0 covers built-in infrastructure range ::/128")]
    [InlineData("fe80::/64", "a_subnets fe80::/64 lies inside built-in infrastructure range fe80::/10")]
    [InlineData("ff02::/16", "a_subnets ff02::/16 lies inside built-in infrastructure range ff00::/8")]
    [InlineData("::ffff:198.18.255.0/120", "a_subnets ::ffff:198.18.255.0/120 lies inside built-in infrastructure range ::ffff:0:0/96")]
    [InlineData("198.18.23.0/24", "a_subnets 198.18.23.0/24 covers the peer's IKE address 198.18.23.3")]
    [InlineData("198.18.23.3", "a_subnets 198.18.23.3 covers the peer's IKE address 198.18.23.3")]
    [InlineData("198.18.12.1/32", "a_subnets 198.18.12.1/32 covers this node's IKE address 198.18.12.1")]
    public void A_subnet_reaching_infrastructure_is_refused_naming_the_side_the_subnet_and_the_range(string subnet, string reason) =>
        Assert.Equal(reason, Cait.Refusal(Initiator("tun-1") with { LocalSubnets = [subnet] }));

    [Fact]
    public void A_normal_client_subnet_on_each_side_is_accepted() => Assert.Null(Cait.Refusal(Initiator("tun-1")));

    [Theory]
    [InlineData("198.19.1.0/24", "198.19.3.0/24")]
    [InlineData("198.19.1.128/25", "198.19.3.7")]
    [InlineData("198.18.12.4/30", "198.19.3.0/24")] // beside the IKE address 198.18.12.1 and ccs's .2, not over them
    [InlineData("2001:db8:1::/64", "2001:db8:3::/64")]
    public void Subnets_clear_of_every_range_and_ike_address_are_accepted(string a, string b) =>
        Assert.Null(Cait.Refusal(Initiator("tun-1") with { LocalSubnets = [a], RemoteSubnets = [b] }));

    [Fact]
    public void The_remote_side_is_checked_too_and_named_as_its_side_in_the_tunnel() =>
        Assert.Equal("b_subnets 198.18.255.0/24 covers infrastructure range 198.18.255.0/24 of this node",
            Cait.Refusal(Initiator("tun-1") with { RemoteSubnets = ["198.19.3.0/24", "198.18.255.0/24"] }));

    [Fact]
    public void On_a_responder_its_own_subnets_are_side_b_and_its_peers_side_a()
    {
        var responder = Responder("tun-1", null) with { RemoteAddress = "198.18.23.3" };
        Assert.Equal("b_subnets 0.0.0.0/0 covers built-in infrastructure range 0.0.0.0/8", Cait.Refusal(responder with { LocalSubnets = ["0.0.0.0/0"] }));
        Assert.Equal("a_subnets 198.18.255.0/25 lies inside infrastructure range 198.18.255.0/24 of this node",
            Cait.Refusal(responder with { RemoteSubnets = ["198.18.255.0/25"], LocalSubnets = ["0.0.0.0/0"] }));
    }

    [Theory]
    [InlineData("dynamic")]
    [InlineData("198.19.1.1-198.19.1.9")]
    [InlineData("198.19.1.1/24")]
    [InlineData("client.example")]
    public void A_selector_the_agent_cannot_read_as_a_cidr_is_refused(string selector) =>
        Assert.Equal($"a_subnets '{selector}' is not a CIDR subnet", Cait.Refusal(Initiator("tun-1") with { LocalSubnets = [selector] }));

    [Fact]
    public void No_subnets_is_refused_since_charon_would_then_tunnel_the_ike_addresses() =>
        Assert.StartsWith("b_subnets: none given", Cait.Refusal(Initiator("tun-1") with { RemoteSubnets = [] }), StringComparison.Ordinal);

    [Fact]
    public void Boundaries_from_the_options_hold_the_configured_ranges_and_the_local_address()
    {
        var options = new IpsecAgentOptions { LocalAddress = "198.18.12.1", InfrastructureRanges = ["198.18.255.0/24", "198.18.23.0/24"] };
        var boundaries = TunnelBoundaries.From(options);
        Assert.Equal("a_subnets 198.18.23.0/25 lies inside infrastructure range 198.18.23.0/24 of this node",
            boundaries.Refusal(Initiator("tun-1") with { LocalSubnets = ["198.18.23.0/25"] }));
        Assert.Equal("a_subnets 198.18.12.0/24 covers this node's IKE address 198.18.12.1",
            boundaries.Refusal(Initiator("tun-1") with { LocalSubnets = ["198.18.12.0/24"] }));
        Assert.Null(boundaries.Refusal(Initiator("tun-1")));
    }

    [Fact]
    public void The_testbeds_client_networks_are_clear_of_its_declared_infrastructure()
    {
        // scripts/lib: every node declares the management bridge and both data links.
        var node = new TunnelBoundaries(new InfrastructureRanges(
            [IPNetwork.Parse("198.18.255.0/24"), IPNetwork.Parse("198.18.12.0/24"), IPNetwork.Parse("198.18.23.0/24")]), IPAddress.Parse("198.18.12.1"));
        for (var n = 1; n <= 3; n++)
        {
            TunnelWork work = Initiator("tun-1") with { LocalSubnets = [$"198.19.{n}.0/24"], RemoteSubnets = [$"198.19.{(n % 3) + 1}.0/24"] };
            Assert.Null(node.Refusal(work));
        }
    }
}
