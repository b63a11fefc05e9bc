using QuantumAgents.Core.Net;

namespace QuantumAgents.Core.Tests.Net;

public sealed class PortRangeTests
{
    [Theory]
    [InlineData("443", 443, 443)]
    [InlineData("8000-8099", 8000, 8099)]
    [InlineData("1-65535", 1, 65535)]
    public void A_port_or_a_range_parses(string text, int low, int high)
    {
        Assert.True(PortRange.TryParse(text, out var range));
        Assert.Equal(new PortRange(low, high), range);
        Assert.Equal(text, range.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("443-80")]
    [InlineData("-80")]
    [InlineData("80-")]
    [InlineData("+80")]
    [InlineData("80 ")]
    [InlineData("http")]
    public void Anything_else_does_not(string? text) => Assert.False(PortRange.TryParse(text, out _));

    [Fact]
    public void A_range_holds_its_ends_and_nothing_outside()
    {
        var range = new PortRange(80, 443);
        Assert.Equal([false, true, true, true, false], new[] { 79, 80, 200, 443, 444 }.Select(range.Contains));
    }
}
