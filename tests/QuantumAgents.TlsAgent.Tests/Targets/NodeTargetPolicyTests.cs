using System.Net;
using QuantumAgents.Core.Net;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent.Tests.Targets;

/// <summary>Rectorado's policy as the testbed configures it: its client network allowed, management and data links infrastructure.</summary>
public sealed class NodeTargetPolicyTests
{
    private static readonly AllowedTarget ClientNetwork = new(IPNetwork.Parse("198.19.3.0/24"), new PortRange(1, 65535));
    private static readonly AllowedTarget WebOnly = new(IPNetwork.Parse("203.0.113.0/28"), new PortRange(8000, 8100));

    private static readonly InfrastructureRanges Infrastructure =
        new([IPNetwork.Parse("198.18.255.0/24"), IPNetwork.Parse("198.18.12.0/24"), IPNetwork.Parse("198.18.23.0/24")]);

    // What `ip addr` shows in rectorado's namespace: its data link, management leg, client gateway.
    private readonly NodeTargetPolicy _policy = new([ClientNetwork, WebOnly], Infrastructure,
        () => [IPAddress.Parse("198.18.23.3"), IPAddress.Parse("198.18.255.3"), IPAddress.Parse("198.19.3.1"), IPAddress.Loopback]);

    [Theory]
    [InlineData("198.19.3.2:8000")]
    [InlineData("198.19.3.254:1")]
    [InlineData("203.0.113.5:8000")]
    [InlineData("203.0.113.5:8100")]
    public void An_address_and_port_in_the_allowed_targets_is_allowed(string target) =>
        Assert.Null(_policy.RefusalOf(IPEndPoint.Parse(target)));

    [Fact]
    public void An_address_outside_the_allowed_targets_is_refused() =>
        Assert.Equal("198.19.1.2:8000 is not in this node's allowed targets", _policy.RefusalOf(IPEndPoint.Parse("198.19.1.2:8000")));

    [Fact]
    public void A_port_outside_its_subnets_allowed_ports_is_refused() =>
        Assert.Equal("203.0.113.5:22 is not in this node's allowed targets (not an allowed port of its subnet)",
            _policy.RefusalOf(IPEndPoint.Parse("203.0.113.5:22")));

    [Fact]
    public void A_configured_infrastructure_address_is_refused_with_its_range() =>
        Assert.Equal("198.18.255.1:8443 is an infrastructure address of this node (198.18.255.0/24)",
            _policy.RefusalOf(IPEndPoint.Parse("198.18.255.1:8443")));

    [Fact]
    public void An_address_of_the_node_itself_is_refused_even_inside_an_allowed_subnet() =>
        Assert.Equal("198.19.3.1:22 is an address of this node itself", _policy.RefusalOf(IPEndPoint.Parse("198.19.3.1:22")));

    [Theory]
    [InlineData("127.0.0.1:8000", "127.0.0.0/8")]
    [InlineData("[::1]:8000", "::1/128")]
    [InlineData("169.254.169.254:80", "169.254.0.0/16")]
    [InlineData("0.0.0.0:8000", "0.0.0.0/8")]
    [InlineData("224.0.0.1:8000", "224.0.0.0/4")]
    public void Loopback_link_local_unspecified_and_multicast_are_refused_whatever_the_configuration(string target, string range) =>
        Assert.EndsWith($"is an infrastructure address of this node ({range})", _policy.RefusalOf(IPEndPoint.Parse(target)), StringComparison.Ordinal);

    [Fact]
    public void An_IPv4_mapped_IPv6_address_is_judged_as_the_IPv4_address_it_is()
    {
        Assert.Equal("198.18.255.1:8443 is an infrastructure address of this node (198.18.255.0/24)",
            _policy.RefusalOf(IPEndPoint.Parse("[::ffff:198.18.255.1]:8443")));
        Assert.Null(_policy.RefusalOf(IPEndPoint.Parse("[::ffff:198.19.3.2]:8000")));
    }

    [Fact]
    public void The_nodes_addresses_are_read_at_each_check()
    {
        var addresses = new List<IPAddress>();
        var policy = new NodeTargetPolicy([ClientNetwork], Infrastructure, () => addresses);
        var target = IPEndPoint.Parse("198.19.3.7:8000");

        Assert.Null(policy.RefusalOf(target));
        addresses.Add(IPAddress.Parse("198.19.3.7"));
        Assert.Equal("198.19.3.7:8000 is an address of this node itself", policy.RefusalOf(target));
    }

    [Fact]
    public void With_no_allowed_targets_nothing_is_allowed()
    {
        var closed = new NodeTargetPolicy([], Infrastructure, () => []);

        Assert.Equal("198.19.3.2:8000 is not in this node's allowed targets", closed.RefusalOf(IPEndPoint.Parse("198.19.3.2:8000")));
    }
}
