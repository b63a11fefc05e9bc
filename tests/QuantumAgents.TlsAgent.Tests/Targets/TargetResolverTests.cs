using System.Net;
using System.Net.Sockets;
using QuantumAgents.Core.Net;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent.Tests.Targets;

public sealed class TargetResolverTests
{
    private static readonly NodeTargetPolicy Policy = new([new AllowedTarget(IPNetwork.Parse("198.19.3.0/24"), new PortRange(1, 65535))],
        new InfrastructureRanges([IPNetwork.Parse("198.18.255.0/24")]), () => []);

    private readonly Dictionary<string, IPAddress[]> _names = new(StringComparer.Ordinal)
    {
        ["web.tenant"] = [IPAddress.Parse("198.19.3.2"), IPAddress.Parse("198.19.3.3")],
        ["rebound.tenant"] = [IPAddress.Parse("198.18.255.1")],
        ["half.tenant"] = [IPAddress.Parse("198.19.3.2"), IPAddress.Parse("198.18.255.1")],
        ["local.tenant"] = [IPAddress.Loopback],
        ["nothing.tenant"] = [],
    };

    private readonly List<string> _lookups = [];

    private TargetResolver Resolver => new(Policy, (name, _) =>
    {
        _lookups.Add(name);
        return Task.FromResult(_names[name]);
    });

    [Fact]
    public async Task An_allowed_address_is_connected_to_as_written_without_a_lookup()
    {
        var target = await Resolver.ResolveAsync("198.19.3.2:8000", CancellationToken.None);

        Assert.Null(target.Refusal);
        Assert.Equal([IPEndPoint.Parse("198.19.3.2:8000")], target.Endpoints);
        Assert.Empty(_lookups);
    }

    [Fact]
    public async Task A_name_is_resolved_once_and_every_address_it_gave_is_checked_and_kept_for_the_connect()
    {
        var target = await Resolver.ResolveAsync("web.tenant:8000", CancellationToken.None);

        Assert.Null(target.Refusal);
        Assert.Equal([IPEndPoint.Parse("198.19.3.2:8000"), IPEndPoint.Parse("198.19.3.3:8000")], target.Endpoints);
        Assert.Equal(["web.tenant"], _lookups);
    }

    [Fact]
    public async Task A_name_resolving_to_an_infrastructure_address_is_refused_naming_both()
    {
        var target = await Resolver.ResolveAsync("rebound.tenant:8443", CancellationToken.None);

        Assert.Empty(target.Endpoints);
        Assert.Equal("rebound.tenant resolves to 198.18.255.1, and 198.18.255.1:8443 is an infrastructure address of this node (198.18.255.0/24)",
            target.Refusal);
    }

    [Fact]
    public async Task A_name_with_one_refused_address_among_allowed_ones_is_refused_whole()
    {
        var target = await Resolver.ResolveAsync("half.tenant:8000", CancellationToken.None);

        Assert.Empty(target.Endpoints);
        Assert.Contains("198.18.255.1:8000 is an infrastructure address", target.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused()
    {
        var target = await Resolver.ResolveAsync("local.tenant:80", CancellationToken.None);

        Assert.Equal("local.tenant resolves to 127.0.0.1, and 127.0.0.1:80 is an infrastructure address of this node (127.0.0.0/8)", target.Refusal);
    }

    [Fact]
    public async Task A_name_that_resolves_to_nothing_is_a_failure_not_a_refusal()
    {
        var error = await Assert.ThrowsAsync<SocketException>(() => Resolver.ResolveAsync("nothing.tenant:80", CancellationToken.None));

        Assert.Equal(SocketError.HostNotFound, error.SocketErrorCode);
    }

    [Fact]
    public async Task A_target_that_is_not_HOST_PORT_is_refused() =>
        Assert.Equal("target 'web.tenant' is not HOST:PORT", (await Resolver.ResolveAsync("web.tenant", CancellationToken.None)).Refusal);

    [Fact]
    public void Without_a_connection_only_an_address_is_judged_a_name_waits_for_its_lookup()
    {
        Assert.Equal("198.18.255.1:8443 is an infrastructure address of this node (198.18.255.0/24)", Resolver.RefusalOfAddress("198.18.255.1:8443"));
        Assert.Equal("[2001:db8::1]:443 is not in this node's allowed targets", Resolver.RefusalOfAddress("[2001:db8::1]:443"));
        Assert.Null(Resolver.RefusalOfAddress("198.19.3.2:8000"));
        Assert.Null(Resolver.RefusalOfAddress("rebound.tenant:8443"));
        Assert.Empty(_lookups);
    }
}
