using QuantumAgents.IpsecAgent.Planning;
using static QuantumAgents.IpsecAgent.Tests.Tunnels;

namespace QuantumAgents.IpsecAgent.Tests;

public sealed class TunnelPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static string[] Plan(IReadOnlyList<QuantumAgents.Contracts.TunnelWork> desired, Dictionary<string, HeldTunnel> held, CharonSnapshot charon) =>
        [.. TunnelPlanner.Plan(desired, held, charon, Now).Select(a => a.ToString())];

    [Fact]
    public void A_new_tunnel_makes_the_initiator_take_a_key()
    {
        Assert.Equal(["TakeKey tun-1"], Plan([Initiator("tun-1")], Holding(), CharonSnapshot.Empty));
    }

    [Fact]
    public void A_responder_waits_until_the_work_carries_the_key_id_and_then_fetches_it()
    {
        Assert.Empty(Plan([Responder("tun-1", null)], Holding(), CharonSnapshot.Empty));
        Assert.Equal(["FetchKey tun-1"], Plan([Responder("tun-1", "k1")], Holding(), CharonSnapshot.Empty));
    }

    [Fact]
    public void A_responder_fetches_again_when_the_initiator_took_a_new_key()
    {
        var held = Holding(("tun-1", new HeldTunnel(TunnelRoles.Responder, "k1", TunnelPhase.Loaded)));
        Assert.Empty(Plan([Responder("tun-1", "k1")], held, Running("tun-1")));
        Assert.Equal(["FetchKey tun-1"], Plan([Responder("tun-1", "k2")], held, Running("tun-1")));
    }

    [Fact]
    public void A_tunnel_deleted_from_the_work_is_removed_whether_held_or_only_found_in_charon()
    {
        var held = Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Loaded)));
        Assert.Equal(["Remove tun-1"], Plan([], held, Running("tun-1")));
        Assert.Equal(["Remove tun-2"], Plan([], Holding(), Snapshot(keys: ["tun-2"])));
    }

    [Fact]
    public void Connections_that_are_not_ours_never_reach_the_plan()
    {
        // The snapshot only ever holds qa- names; the parser is what keeps others out.
        Assert.False(TunnelNames.TryParseConnection("office-vpn", out _));
        Assert.False(TunnelNames.TryParseSharedKey("qa-tun-1", out _));
        Assert.False(TunnelNames.TryParseSharedKey("office-psk-k1", out _));
        Assert.False(TunnelNames.TryParseSharedKey("qa-tun-1-psk-", out _));
        Assert.True(TunnelNames.TryParseSharedKey(TunnelNames.SharedKey("tun-1", "6f1c2a4e-0b7d-4c55-9a1e-3d2f8b9c0a11"), out var id));
        Assert.Equal("tun-1", id);
        Assert.True(TunnelNames.TryParseSharedKey(TunnelNames.PpkKey("a-psk-b", "k2"), out id));
        Assert.Equal("a-psk-b", id);
        Assert.True(TunnelNames.TryParseConnection(TunnelNames.Connection("tun-1"), out id));
        Assert.Equal("tun-1", id);
    }

    [Fact]
    public void A_running_tunnel_is_adopted_after_the_agent_restarts_instead_of_being_keyed_again()
    {
        Assert.Equal(["Adopt tun-1"], Plan([Initiator("tun-1")], Holding(), Running("tun-1")));
        Assert.Equal(["Adopt tun-1"], Plan([Responder("tun-1", "k1")], Holding(), Snapshot(["tun-1"], ["tun-1"])));
    }

    [Fact]
    public void An_initiator_finding_a_half_loaded_or_dead_tunnel_starts_clean_with_a_fresh_key()
    {
        Assert.Equal(["Remove tun-1", "TakeKey tun-1"], Plan([Initiator("tun-1")], Holding(), Snapshot(["tun-1"], ["tun-1"])));
        Assert.Equal(["Remove tun-1", "TakeKey tun-1"], Plan([Initiator("tun-1")], Holding(), Snapshot(keys: ["tun-1"])));
    }

    [Fact]
    public void An_initiator_whose_charon_lost_the_tunnel_takes_a_fresh_key()
    {
        var held = Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Loaded)));
        Assert.Equal(["TakeKey tun-1"], Plan([Initiator("tun-1")], held, CharonSnapshot.Empty));
    }

    [Fact]
    public void An_initiator_whose_sa_went_down_keys_again_with_a_fresh_key_unless_it_is_still_trying_or_gave_up()
    {
        var loaded = Snapshot(["tun-1"], ["tun-1"]);
        Assert.Equal(["TakeKey tun-1"], Plan([Initiator("tun-1")], Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Loaded))), loaded));
        Assert.Empty(Plan([Initiator("tun-1")], Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Initiating))), loaded));
        Assert.Empty(Plan([Initiator("tun-1")], Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Failed, "AUTH_FAILED"))), loaded));
    }

    [Fact]
    public void Planning_the_state_a_plan_produced_yields_nothing_to_do()
    {
        var desired = new[] { Initiator("tun-a"), Responder("tun-b", "kb") };
        var held = Holding(
            ("tun-a", new HeldTunnel(TunnelRoles.Initiator, "ka", TunnelPhase.Loaded)),
            ("tun-b", new HeldTunnel(TunnelRoles.Responder, "kb", TunnelPhase.Loaded)));
        Assert.Empty(Plan(desired, held, Running("tun-a", "tun-b")));
    }

    [Fact]
    public void Removals_come_first_then_tunnels_in_id_order()
    {
        var held = Holding(("tun-z", new HeldTunnel(TunnelRoles.Initiator, "k", TunnelPhase.Loaded)));
        Assert.Equal(["Remove tun-z", "TakeKey tun-a", "FetchKey tun-b"],
            Plan([Responder("tun-b", "kb"), Initiator("tun-a")], held, Running("tun-z")));
    }

    [Fact]
    public void An_initiators_fresh_key_is_due_rekey_seconds_after_the_last_only_while_its_sa_is_up()
    {
        Dictionary<string, HeldTunnel> Loaded(DateTimeOffset due) => Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Loaded, RekeyAt: due)));
        Assert.Empty(Plan([Initiator("tun-1")], Loaded(Now.AddSeconds(1)), Running("tun-1")));
        Assert.Equal(["Rekey tun-1"], Plan([Initiator("tun-1")], Loaded(Now), Running("tun-1")));
        // Down anyway: a fresh key and a new SA, not a re-authentication of a dead one.
        Assert.Equal(["TakeKey tun-1"], Plan([Initiator("tun-1")], Loaded(Now), Snapshot(["tun-1"], ["tun-1"])));
        // Still initiating, or adopted without a schedule: nothing is due.
        Assert.Empty(Plan([Initiator("tun-1")], Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Initiating, RekeyAt: Now))), Running("tun-1")));
        Assert.Empty(Plan([Initiator("tun-1")], Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, null, TunnelPhase.Loaded))), Running("tun-1")));
    }

    [Fact]
    public void A_rekeying_initiator_re_authenticates_only_once_its_responder_reports_holding_the_fresh_key()
    {
        var rekeying = Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k2", TunnelPhase.Rekeying, RekeyAt: Now.AddSeconds(20))));
        // The work of an initiator carries the key_ID its responder holds.
        Assert.Empty(Plan([Initiator("tun-1") with { KeyId = "k1" }], rekeying, Running("tun-1")));
        Assert.Empty(Plan([Initiator("tun-1")], rekeying, Running("tun-1")));
        Assert.Equal(["Reauthenticate tun-1"], Plan([Initiator("tun-1") with { KeyId = "k2" }], rekeying, Running("tun-1")));
        // The SA died meanwhile: key afresh rather than wait for a re-authentication that cannot come.
        Assert.Equal(["TakeKey tun-1"], Plan([Initiator("tun-1") with { KeyId = "k2" }], rekeying, Snapshot(["tun-1"], ["tun-1"])));
    }

    [Fact]
    public void A_responder_holding_a_running_tunnel_fetches_each_fresh_key_and_never_rekeys_by_itself()
    {
        var held = Holding(("tun-1", new HeldTunnel(TunnelRoles.Responder, "k1", TunnelPhase.Loaded, RekeyAt: Now.AddDays(-1))));
        Assert.Empty(Plan([Responder("tun-1", "k1")], held, Running("tun-1")));
        Assert.Equal(["FetchKey tun-1"], Plan([Responder("tun-1", "k2")], held, Running("tun-1")));
    }

    [Fact]
    public void The_next_rekey_is_the_earliest_due_of_the_initiators_that_run_on_their_last_key()
    {
        var desired = new[] { Initiator("tun-a"), Initiator("tun-b"), Initiator("tun-c"), Responder("tun-d", "k") };
        var held = Holding(
            ("tun-a", new HeldTunnel(TunnelRoles.Initiator, "ka", TunnelPhase.Loaded, RekeyAt: Now.AddSeconds(30))),
            ("tun-b", new HeldTunnel(TunnelRoles.Initiator, "kb", TunnelPhase.Loaded, RekeyAt: Now.AddSeconds(12))),
            ("tun-c", new HeldTunnel(TunnelRoles.Initiator, "kc", TunnelPhase.Rekeying, RekeyAt: Now.AddSeconds(5))),
            ("tun-d", new HeldTunnel(TunnelRoles.Responder, "k", TunnelPhase.Loaded, RekeyAt: Now.AddSeconds(1))),
            ("tun-gone", new HeldTunnel(TunnelRoles.Initiator, "kg", TunnelPhase.Loaded, RekeyAt: Now)));
        Assert.Equal(Now.AddSeconds(12), TunnelPlanner.NextRekey(desired, held));
        Assert.Null(TunnelPlanner.NextRekey([Responder("tun-d", "k")], held));
    }

    [Fact]
    public void An_initiator_still_initiating_is_hurried_once_its_responder_reports_holding_the_key_and_charon_is_not_needed_for_it()
    {
        var initiating = Holding(("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Initiating, RekeyAt: Now.AddHours(1))));
        string[] Hurries(QuantumAgents.Contracts.TunnelWork work) => [.. TunnelPlanner.Hurries([work], initiating).Select(a => a.ToString())];
        Assert.Empty(Hurries(Initiator("tun-1")));
        Assert.Empty(Hurries(Initiator("tun-1") with { KeyId = "k0" }));
        Assert.Equal(["HurryInitiation tun-1"], Hurries(Initiator("tun-1") with { KeyId = "k1" }));
        // Nothing else to do for it meanwhile: the plan made against charon leaves it alone.
        Assert.Empty(Plan([Initiator("tun-1") with { KeyId = "k1" }], initiating, Snapshot(["tun-1"], ["tun-1"])));
    }

    [Fact]
    public void Only_an_initiating_initiator_is_hurried()
    {
        var held = Holding(
            ("tun-1", new HeldTunnel(TunnelRoles.Initiator, "k1", TunnelPhase.Loaded)),
            ("tun-2", new HeldTunnel(TunnelRoles.Initiator, "k2", TunnelPhase.Rekeying)),
            ("tun-3", new HeldTunnel(TunnelRoles.Responder, "k3", TunnelPhase.Loaded)));
        Assert.Empty(TunnelPlanner.Hurries(
            [Initiator("tun-1") with { KeyId = "k1" }, Initiator("tun-2") with { KeyId = "k2" }, Responder("tun-3", "k3"), Initiator("tun-4") with { KeyId = "k4" }], held));
    }
}
