using System.Net;
using QuantumAgents.Core.Net;

namespace QuantumAgents.Core.Tests.Net;

public sealed class InfrastructureRangesTests
{
    private static readonly InfrastructureRanges Testbed = new([IPNetwork.Parse("198.18.255.0/24"), IPNetwork.Parse("198.18.12.1/32")]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.200.0.9")]
    [InlineData("0.0.0.0")]
    [InlineData("169.254.169.254")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("198.18.255.254")]
    [InlineData("198.18.12.1")]
    [InlineData("::ffff:198.18.255.1")]
    public void An_address_of_the_node_or_its_networks_is_infrastructure(string address) =>
        Assert.NotNull(Testbed.Holding(IPAddress.Parse(address)));

    [Theory]
    [InlineData("198.19.3.10")]
    [InlineData("198.18.12.2")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:198.19.3.10")]
    public void A_tenant_address_is_not(string address) => Assert.Null(Testbed.Holding(IPAddress.Parse(address)));

    [Theory]
    [InlineData("198.18.0.0/16", "198.18.255.0/24")]   // covers the management network
    [InlineData("198.18.255.128/25", "198.18.255.0/24")] // inside it
    [InlineData("198.18.12.0/24", "198.18.12.1/32")]   // holds a node address
    [InlineData("0.0.0.0/0", "0.0.0.0/8")]             // everything
    [InlineData("::/0", "::/128")]
    [InlineData("127.0.0.0/24", "127.0.0.0/8")]
    public void A_subnet_touching_infrastructure_is_refused_naming_the_range(string subnet, string range) =>
        Assert.Equal(IPNetwork.Parse(range), Testbed.Overlapping(IPNetwork.Parse(subnet)));

    [Theory]
    [InlineData("198.19.1.0/24")]
    [InlineData("198.18.12.2/32")]
    [InlineData("2001:db8:1::/64")]
    public void A_tenant_subnet_is_not(string subnet) => Assert.Null(Testbed.Overlapping(IPNetwork.Parse(subnet)));

    [Theory]
    [InlineData("198.18.12.1", "198.18.12.1/32")]
    [InlineData("2001:db8::7", "2001:db8::7/128")]
    [InlineData("198.18.255.0/24", "198.18.255.0/24")]
    public void An_address_reads_as_its_host_route(string text, string network)
    {
        Assert.True(InfrastructureRanges.TryParse(text, out var parsed));
        Assert.Equal(IPNetwork.Parse(network), parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("mgmt")]
    [InlineData("198.18.255.1/24")]
    [InlineData("198.18.255.0/33")]
    public void Anything_else_does_not_parse(string? text) => Assert.False(InfrastructureRanges.TryParse(text, out _));

    [Fact]
    public void A_list_names_the_entry_that_does_not_parse()
    {
        Assert.Null(InfrastructureRanges.TryParseAll(["198.18.255.0/24", "nope"], out var bad));
        Assert.Equal("nope", bad);
        Assert.Equal(2, InfrastructureRanges.TryParseAll(["198.18.255.0/24", "::1"], out _)!.Count);
    }

    [Theory]
    [InlineData("198.19.0.0/16", "198.19.3.0/24", true)]
    [InlineData("198.19.3.0/24", "198.19.3.0/24", true)]
    [InlineData("198.19.3.0/24", "198.19.0.0/16", false)]
    [InlineData("198.19.3.0/24", "198.19.4.0/24", false)]
    [InlineData("198.19.3.0/24", "2001:db8::/64", false)]
    public void Covers_means_every_address(string outer, string inner, bool covers) =>
        Assert.Equal(covers, InfrastructureRanges.Covers(IPNetwork.Parse(outer), IPNetwork.Parse(inner)));
}
