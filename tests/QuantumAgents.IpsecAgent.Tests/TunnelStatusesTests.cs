using QuantumAgents.Contracts;
using QuantumAgents.IpsecAgent.Planning;
using QuantumAgents.Vici.Commands;
using QuantumAgents.Vici.Messages;
using static QuantumAgents.IpsecAgent.Tests.Tunnels;

namespace QuantumAgents.IpsecAgent.Tests;

public sealed class TunnelStatusesTests
{
    private static readonly Dictionary<string, ViciIkeSa> NoSas = [];

    [Fact]
    public void A_responder_without_a_key_id_is_pending_and_says_what_it_waits_for()
    {
        var status = Assert.Single(TunnelStatuses.Of([Responder("tun-1", null)], Holding(), NoSas));
        Assert.Equal("pending", status.State?.Name());
        Assert.Contains("key_ID", status.Reason, StringComparison.Ordinal);
        Assert.Null(status.KeyId);
    }

    [Fact]
    public void An_initiator_reports_the_key_id_it_took_and_a_responder_the_one_it_holds_not_the_one_offered()
    {
        var statuses = TunnelStatuses.Of([Initiator("tun-1"), Responder("tun-2", "k3")],
            Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Initiating)),
                    ("tun-2", new HeldTunnel(TunnelRoles.Responder, "k2", TunnelPhase.Loaded))), NoSas);
        Assert.Equal(("keying", "k1"), (statuses[0].State?.Name(), statuses[0].KeyId));
        // k3 is offered in the work but not fetched yet: the initiator must not re-authenticate with it.
        Assert.Equal(("keying", "k2"), (statuses[1].State?.Name(), statuses[1].KeyId));
    }

    [Fact]
    public void A_responder_whose_charon_lost_the_key_says_it_waits_for_a_fresh_one()
    {
        var status = Assert.Single(TunnelStatuses.Of([Responder("tun-1", "k1")],
            Holding(("tun-1", new HeldTunnel(TunnelRoles.Responder, "k1", TunnelPhase.Loaded))), NoSas, CharonSnapshot.Empty));
        Assert.Equal("pending", status.State?.Name());
        Assert.Contains("fresh key_ID", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_initiation_is_reported_with_charons_reason()
    {
        var status = Assert.Single(TunnelStatuses.Of([Initiator("tun-1")],
            Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Failed, "charon: AUTHENTICATION_FAILED"))), NoSas));
        Assert.Equal(("failed", "charon: AUTHENTICATION_FAILED"), (status.State?.Name(), status.Reason));
    }

    [Fact]
    public void An_established_tunnel_shows_the_installed_child_sas_spis_and_counters_not_the_rekeyed_one()
    {
        var rekeyed = new ViciChildSa("net", 1, "REKEYED", "ESP", "c0000001", "c0000002", 9, 9, 9, 9, [], [], new ViciSection());
        var installed = new ViciChildSa("net", 2, "INSTALLED", "ESP", "c1a2b3c4", "c5d6e7f8", 840, 420, 10, 5,
            ["198.19.1.0/24"], ["198.19.3.0/24"], new ViciSection());
        var sa = new ViciIkeSa("qa-tun-1", 1, "ESTABLISHED", "198.18.12.1", "198.18.23.3", "a", "b", "11", "22", [rekeyed, installed], new ViciSection());

        var status = Assert.Single(TunnelStatuses.Of([Initiator("tun-1")],
            Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Loaded))), new Dictionary<string, ViciIkeSa> { ["tun-1"] = sa }));

        Assert.Equal("established", status.State?.Name());
        var details = status.Details!.Value;
        Assert.Equal("c1a2b3c4", details.GetProperty("spi_in").GetString());
        Assert.Equal(840, details.GetProperty("bytes_in").GetInt64());
        Assert.Equal("198.19.3.0/24", details.GetProperty("remote_ts")[0].GetString());
    }
}
