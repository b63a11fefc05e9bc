using System.Net;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Tests.Unit;

public sealed class SubnetsTests
{
    [Theory]
    [InlineData("198.19.1.0/24")]
    [InlineData("198.19.1.7/32")]
    [InlineData("10.0.0.0/8")]
    [InlineData("0.0.0.0/0")]
    [InlineData("2001:db8::/64")]
    [InlineData("2001:db8:0:1::/64")]
    [InlineData("::/0")]
    public void A_subnet_in_cidr_form_is_accepted(string text)
    {
        Assert.True(Subnets.TryParse(text, out var network));
        Assert.Equal(text, network.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("198.19.1.0")]
    [InlineData("2001:db8::")]
    [InlineData("198.19.1.1/24")]
    [InlineData("10.0.0.1/8")]
    [InlineData("2001:db8::1/64")]
    [InlineData("198.19.1.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("198.19.1.0/-1")]
    [InlineData("198.19.1.0/")]
    [InlineData("/24")]
    [InlineData("198.19.1.0/24/1")]
    [InlineData("web.example/24")]
    [InlineData("198.19.1.256/24")]
    public void Anything_else_is_not_a_subnet_including_an_address_with_host_bits_set(string? text)
    {
        Assert.False(Subnets.TryParse(text, out _));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", true)]
    [InlineData("10.1.0.0/16", "10.1.0.0/16", true)]
    [InlineData("0.0.0.0/0", "198.19.1.0/24", true)]
    [InlineData("198.19.1.0/24", "198.19.1.255/32", true)]
    [InlineData("198.19.0.0/24", "198.19.1.0/24", false)]
    [InlineData("198.19.1.0/25", "198.19.1.128/25", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::/48", true)]
    [InlineData("2001:db8::/48", "2001:db9::/48", false)]
    [InlineData("0.0.0.0/0", "::/0", false)]
    [InlineData("10.0.0.0/8", "::/0", false)]
    public void Two_subnets_overlap_when_one_holds_the_others_base_in_the_same_family(string a, string b, bool overlap)
    {
        var (left, right) = (IPNetwork.Parse(a), IPNetwork.Parse(b));

        Assert.Equal(overlap, Subnets.Overlap(left, right));
        Assert.Equal(overlap, Subnets.Overlap(right, left));
    }

    [Fact]
    public void Two_lists_overlap_when_any_pair_does()
    {
        Assert.True(Subnets.AnyOverlap(["198.19.1.0/24", "2001:db8::/64"], ["10.0.0.0/8", "2001:db8::/48"]));
        Assert.False(Subnets.AnyOverlap(["198.19.1.0/24", "2001:db8::/64"], ["198.19.2.0/24", "2001:db8:1::/64"]));
        Assert.False(Subnets.AnyOverlap([], ["0.0.0.0/0"]));
    }
}
