using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Kinds.TlsSessions;
using QuantumAgents.ControlPlane.Kinds.Tunnels;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Tests.Unit;

/// <summary>Each refusal names its field first, with the status the API answers; what is left out gets its default.</summary>
public sealed class RequestValidatorTests
{
    private readonly RequestValidator _validator = SampleOptions.Validator();

    [Fact]
    public void A_tunnel_gets_psk_and_an_hour_between_rekeys_unless_it_says_otherwise()
    {
        var spec = _validator.Tunnel(Tunnel());

        Assert.Equal(("cait", "ccs", "psk", 3600), (spec.A, spec.B, spec.Auth, spec.RekeySeconds));
        Assert.Equal(["198.19.1.0/24"], spec.ASubnets);
        Assert.Equal(["198.19.2.0/24"], spec.BSubnets);
        var ppk = _validator.Tunnel(Tunnel(t => (t.Auth, t.RekeySeconds) = ("ppk", 10)));
        Assert.Equal(("ppk", 10), (ppk.Auth, ppk.RekeySeconds));
    }

    [Fact]
    public void Nodes_joined_only_through_a_trusted_node_have_a_key_path()
    {
        Assert.Equal(("cait", "rectorado"), Pair(_validator.Tunnel(Tunnel(t => t.B = "rectorado"))));
    }

    public static TheoryData<string, int, string> BadTunnels => new()
    {
        { "a=", 400, "a: required" },
        { "a=nowhere", 400, "a: no node 'nowhere' (nodes: cait, ccs, island, rectorado)" },
        { "b=", 400, "b: required" },
        { "b=Ccs", 400, "b: no node 'Ccs'" },
        { "b=cait", 400, "b: must differ from a" },
        { "b=island", 409, "b: no QKD key path between cait and island" },
        { "a_subnets=", 400, "a_subnets: required" },
        { "a_subnets=17", 400, "a_subnets: required, 1 to 16" },
        { "a_subnets=198.19.1.1/24", 400, "a_subnets[0]: '198.19.1.1/24' is not a subnet" },
        { "b_subnets=198.19.2.0/24,bad", 400, "b_subnets[1]: 'bad' is not a subnet" },
        { "b_subnets=198.19.0.0/16", 400, "b_subnets: overlaps a_subnets" },
        { "auth=ike", 400, "auth: 'ike' is not one of psk, ppk" },
        { "auth=PSK", 400, "auth: 'PSK'" },
        { "rekey_seconds=9", 400, "rekey_seconds: between 10 and 86400" },
        { "rekey_seconds=86401", 400, "rekey_seconds: between 10 and 86400" },
        { "rekey_seconds=-1", 400, "rekey_seconds:" },
    };

    [Theory]
    [MemberData(nameof(BadTunnels))]
    public void A_bad_tunnel_field_is_named_with_its_status(string change, int status, string message)
    {
        var refused = Assert.Throws<RequestRefusedException>(() => _validator.Tunnel(Tunnel(t => Apply(t, change))));

        Assert.Equal(status, refused.StatusCode);
        Assert.StartsWith(message, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "198.19.2.10:443")]
    [InlineData(65535, "198.19.3.10:8080")]
    [InlineData(8443, "[2001:db8::10]:443")]
    [InlineData(8443, "198.19.2.1:65535")]
    public void A_session_takes_a_port_on_the_client_and_an_address_and_port_behind_the_server(int listen, string target)
    {
        Assert.Equal(new TlsSessionSpec("cait", "ccs", listen, target), _validator.TlsSession(Session(s => (s.Listen, s.Target) = (listen, target))));
    }

    public static TheoryData<string, int, string> BadSessions => new()
    {
        { "client_node=", 400, "client_node: required" },
        { "client_node=nowhere", 400, "client_node: no node 'nowhere'" },
        { "server_node=", 400, "server_node: required" },
        { "server_node=cait", 400, "server_node: must differ from client_node" },
        { "server_node=island", 409, "server_node: no QKD key path between cait and island" },
        { "listen=", 400, "listen: required" },
        { "listen=0", 400, "listen: required, a TCP port between 1 and 65535" },
        { "listen=65536", 400, "listen: required, a TCP port between 1 and 65535" },
        { "max_connections=0", 400, "max_connections: connections carried at once, 1 to 4096" },
        { "max_connections=4097", 400, "max_connections: connections carried at once, 1 to 4096" },
    };

    [Theory]
    [InlineData(null, 256)]
    [InlineData(1, 1)]
    [InlineData(4096, 4096)]
    public void A_session_carries_at_most_max_connections_at_once_256_unless_asked(int? asked, int limit)
    {
        Assert.Equal(limit, _validator.TlsSession(Session(s => s.MaxConnections = asked)).MaxConnections);
    }

    [Theory]
    [MemberData(nameof(BadSessions))]
    public void A_bad_session_field_is_named_with_its_status(string change, int status, string message)
    {
        var refused = Assert.Throws<RequestRefusedException>(() => _validator.TlsSession(Session(s => Apply(s, change))));

        Assert.Equal(status, refused.StatusCode);
        Assert.StartsWith(message, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("web.example")]
    [InlineData(":443")]
    [InlineData("web.example:")]
    [InlineData("web.example:0")]
    [InlineData("web.example:65536")]
    [InlineData("web.example:+443")]
    [InlineData("web.example:4 43")]
    [InlineData("198.19.2.10:443:1")]
    [InlineData("-198.19.2.10:443")]
    [InlineData("web_example:443")]
    [InlineData("web..example:443")]
    [InlineData("[2001:db8::10]")]
    [InlineData("web example:443")]
    [InlineData("localhost:1")]         // a name: it would resolve on the server node, after this check
    [InlineData("a-b.c-d.example:443")]
    [InlineData("127.1:80")]            // IPAddress reads it as 127.0.0.1; a resolver might not agree
    [InlineData("2130706433:80")]       // 127.0.0.1 as one number
    [InlineData("0x7f.0.0.1:80")]
    [InlineData("[198.19.2.10]:80")]    // IPv4 in brackets
    [InlineData("2001:db8::10:443")]    // IPv6 without brackets
    [InlineData("[fe80::1%eth0]:443")]  // a scope: which interface is the server node's business
    public void A_target_that_is_not_address_and_port_is_refused_naming_target(string? target)
    {
        var refused = Assert.Throws<RequestRefusedException>(() => _validator.TlsSession(Session(s => s.Target = target)));

        Assert.Equal(400, refused.StatusCode);
        Assert.StartsWith("target: ", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("a")]
    [InlineData("0team")]
    [InlineData("team-2")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void A_tenant_name_is_lowercase_letters_digits_and_dashes(string name)
    {
        Assert.Equal(name, RequestValidator.Tenant(new TenantRequest { Name = name }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-demo")]
    [InlineData("Demo")]
    [InlineData("de_mo")]
    [InlineData("de.mo")]
    [InlineData("demo\n")]
    [InlineData("ñandú")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void Any_other_tenant_name_is_refused_naming_name(string? name)
    {
        var refused = Assert.Throws<RequestRefusedException>(() => RequestValidator.Tenant(new TenantRequest { Name = name }));

        Assert.Equal(400, refused.StatusCode);
        Assert.StartsWith("name: ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agent_status_needs_only_a_version_and_keeps_what_it_is_given()
    {
        var details = JsonDocument.Parse("""{"spi_in":"c0ffee01"}""").RootElement;
        var report = RequestValidator.AgentStatus(new AgentStatusRequest
        {
            Version = "1.0",
            Links = [new LinkFact { Peer = "ccs", StoredKeyCount = 5, MaxKeyCount = 10 }],
            Resources = [new ResourceStatusRequest { Id = "tun-1", State = ResourceState.Established, KeyId = "k-1", Details = details }],
        });

        Assert.Equal("1.0", report.Version);
        Assert.Empty(report.Facts);
        Assert.Equal("ccs", Assert.Single(report.Links).Peer);
        var side = Assert.Single(report.Resources);
        Assert.Equal(("tun-1", "established", null, "k-1", "c0ffee01"), (side.Id, side.State.Name(), side.Reason, side.KeyId, side.Details?.GetProperty("spi_in").GetString()));
        Assert.Empty(RequestValidator.AgentStatus(new AgentStatusRequest { Version = "1.0" }).Resources);
    }

    public static TheoryData<string, string> BadStatuses => new()
    {
        { "version=", "version: required" },
        { "version= ", "version: required" },
        { "version=65", "version: required, at most 64 characters" },
        { "resources=null", "resources[0]: an object is required" },
        { "id=", "resources[0].id: required, unique" },
        { "id=65", "resources[0].id: required, unique, at most 64 characters" },
        { "id=twice", "resources[1].id: required, unique" },
        { "state=", "resources[0].state: one of pending, keying, established, failed" },
        { "state=deleting", "resources[0].state: one of" },
        { "reason=1025", "resources[0].reason: at most 1024 characters" },
        { "key_id=129", "resources[0].key_id: at most 128 characters" },
        { "links=null", "links: every link needs a peer" },
        { "peer=", "links: every link needs a peer" },
    };

    [Theory]
    [MemberData(nameof(BadStatuses))]
    public void A_bad_agent_status_is_refused_naming_the_field(string change, string message)
    {
        var refused = Assert.Throws<RequestRefusedException>(() => RequestValidator.AgentStatus(Status(change)));

        Assert.Equal(400, refused.StatusCode);
        Assert.StartsWith(message, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A state the contract has no word for never reaches the validator: the body is refused as it is read.</summary>
    [Theory]
    [InlineData("\"Established\"")]
    [InlineData("\"deleted\"")]
    [InlineData("2")]
    public async Task A_state_that_is_no_wire_word_is_refused_naming_the_field(string state)
    {
        var http = new DefaultHttpContext();
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"version":"1.0","resources":[{"id":"tun-1","state":{{state}}}]}"""));

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => JsonBody.ReadAsync(http.Request, ControlJsonContext.Default.AgentStatusRequest));

        Assert.Equal(400, refused.StatusCode);
        Assert.Equal("resources[0].state: one of pending, keying, established, failed", refused.Message);
    }

    [Theory]
    [InlineData("reason=1024")]
    [InlineData("key_id=128")]
    [InlineData("version=64")]
    [InlineData("id=64")]
    public void Fields_at_their_longest_are_accepted(string change)
    {
        Assert.Single(RequestValidator.AgentStatus(Status(change)).Resources);
    }

    private static (string, string) Pair(TunnelSpec spec) => (spec.A, spec.B);

    private static TunnelRequest Tunnel(Action<TunnelRequest>? change = null)
    {
        var request = new TunnelRequest { A = "cait", B = "ccs", ASubnets = ["198.19.1.0/24"], BSubnets = ["198.19.2.0/24"] };
        change?.Invoke(request);
        return request;
    }

    private static TlsSessionRequest Session(Action<TlsSessionRequest>? change = null)
    {
        var request = new TlsSessionRequest { ClientNode = "cait", ServerNode = "ccs", Listen = 8443, Target = "198.19.2.10:443" };
        change?.Invoke(request);
        return request;
    }

    /// <summary>"field=value": an empty value is null; a number for a list or a length-checked string is that many items or characters.</summary>
    private static void Apply(TunnelRequest t, string change)
    {
        var (field, value) = Split(change);
        switch (field)
        {
            case "a": t.A = value; break;
            case "b": t.B = value; break;
            case "a_subnets": t.ASubnets = value is null ? null : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? [.. Enumerable.Range(0, n).Select(i => $"10.{i}.0.0/16")] : [.. value.Split(',')]; break;
            case "b_subnets": t.BSubnets = value is null ? null : [.. value.Split(',')]; break;
            case "auth": t.Auth = value; break;
            case "rekey_seconds": t.RekeySeconds = value is null ? null : int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture); break;
            default: throw new ArgumentException(change);
        }
    }

    private static void Apply(TlsSessionRequest s, string change)
    {
        var (field, value) = Split(change);
        switch (field)
        {
            case "client_node": s.ClientNode = value; break;
            case "server_node": s.ServerNode = value; break;
            case "listen": s.Listen = value is null ? null : int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture); break;
            case "max_connections": s.MaxConnections = value is null ? null : int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture); break;
            default: throw new ArgumentException(change);
        }
    }

    private static AgentStatusRequest Status(string change)
    {
        var (field, value) = Split(change);
        var length = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        var resource = new ResourceStatusRequest { Id = "tun-1", State = ResourceState.Keying };
        var request = new AgentStatusRequest { Version = "1.0", Resources = [resource], Links = [new LinkFact { Peer = "ccs" }] };
        switch (field)
        {
            case "version": request.Version = length >= 0 ? new string('v', length) : value; break;
            case "resources": request.Resources = [null!]; break;
            case "id" when value == "twice": request.Resources = [resource, new ResourceStatusRequest { Id = "tun-1", State = ResourceState.Pending }]; break;
            case "id": resource.Id = length >= 0 ? new string('i', length) : value; break;
            case "state": resource.State = value is null ? null : ResourceStates.Parse(value); break;
            case "reason": resource.Reason = new string('r', length); break;
            case "key_id": resource.KeyId = new string('k', length); break;
            case "links": request.Links = [null!]; break;
            case "peer": request.Links = [new LinkFact { Peer = "" }]; break;
            default: throw new ArgumentException(change);
        }
        return request;
    }

    private static (string Field, string? Value) Split(string change)
    {
        var at = change.IndexOf('=', StringComparison.Ordinal);
        var value = change[(at + 1)..];
        return (change[..at], value.Length == 0 ? null : value);
    }
}
