using QuantumAgents.Contracts;
using QuantumAgents.TlsAgent.Planning;

namespace QuantumAgents.TlsAgent.Tests;

public sealed class SessionPlanTests
{
    private static TlsSessionWork Client(string id, int listen = 8081) =>
        new(id, "client", "cait", "rectorado", "198.18.23.3", listen, "198.19.3.2:8000", "cait-tls", "rectorado-tls");

    private static TlsSessionWork Server(string id, string target = "198.19.3.2:8000") =>
        new(id, "server", "cait", "rectorado", "198.18.23.3", 8081, target, "cait-tls", "rectorado-tls");

    private static Dictionary<string, RunningSession> Running(params (TlsSessionWork Work, bool Up)[] sessions) =>
        sessions.ToDictionary(s => s.Work.Id, s => new RunningSession(s.Work, s.Up));

    [Fact]
    public void New_sessions_are_started_and_only_server_sessions_need_the_server_listener()
    {
        var clientOnly = SessionPlan.Diff("cait", [Client("tls-1")], Running());
        var withServer = SessionPlan.Diff("cait", [Client("tls-1"), Server("tls-2")], Running());

        Assert.Equal(["tls-1"], clientOnly.Start.Select(s => s.Id));
        Assert.Empty(clientOnly.Stop);
        Assert.False(clientOnly.ServeTls);
        Assert.Equal(["tls-1", "tls-2"], withServer.Start.Select(s => s.Id));
        Assert.True(withServer.ServeTls);
    }

    [Fact]
    public void Running_the_diff_on_what_it_produced_changes_nothing()
    {
        var desired = new[] { Client("tls-1"), Server("tls-2") };

        var second = SessionPlan.Diff("cait", desired, Running((desired[0], true), (desired[1], true)));

        Assert.True(second.IsEmpty);
        Assert.True(second.ServeTls);
    }

    [Fact]
    public void A_session_missing_from_the_work_is_stopped_and_an_empty_work_stops_everything()
    {
        var running = Running((Client("tls-b"), true), (Client("tls-a", 8082), true), (Server("tls-c"), true));

        var some = SessionPlan.Diff("cait", [Client("tls-b")], running);
        var none = SessionPlan.Diff("cait", [], running);

        Assert.Equal(["tls-a", "tls-c"], some.Stop);
        Assert.Equal(["tls-a", "tls-b", "tls-c"], none.Stop);
        Assert.Empty(none.Start);
        Assert.False(none.ServeTls);
    }

    [Fact]
    public void A_changed_session_or_one_whose_listener_is_down_is_stopped_and_started_again()
    {
        var changed = SessionPlan.Diff("cait", [Server("tls-1", "198.19.3.2:9000")], Running((Server("tls-1"), true)));
        var down = SessionPlan.Diff("cait", [Client("tls-2")], Running((Client("tls-2"), false)));
        var limit = SessionPlan.Diff("cait", [Client("tls-3") with { MaxConnections = 8 }], Running((Client("tls-3"), true)));

        Assert.Equal(["tls-3"], limit.Stop);
        Assert.Equal([8], limit.Start.Select(s => s.MaxConnections));
        Assert.Equal(["tls-1"], changed.Stop);
        Assert.Equal(["198.19.3.2:9000"], changed.Start.Select(s => s.Target));
        Assert.Equal(["tls-2"], down.Stop);
        Assert.Equal(["tls-2"], down.Start.Select(s => s.Id));
    }

    [Fact]
    public void Sessions_the_agent_cannot_run_are_refused_with_a_reason_and_not_started()
    {
        var unknownRole = Client("tls-1") with { Role = "observer" };
        var otherNode = Client("tls-2") with { LocalNode = "ccs" };
        var badTarget = Server("tls-3", "nowhere");
        var badPort = Client("tls-4", 0);
        var noRoom = Client("tls-5") with { MaxConnections = 0 };

        var changes = SessionPlan.Diff("cait", [unknownRole, otherNode, badTarget, badPort, noRoom], Running());

        Assert.Empty(changes.Start);
        Assert.False(changes.ServeTls);
        Assert.Collection(changes.Refused,
            r => Assert.Contains("unknown role 'observer'", r.Reason, StringComparison.Ordinal),
            r => Assert.Contains("for node 'ccs'", r.Reason, StringComparison.Ordinal),
            r => Assert.Contains("'nowhere' is not HOST:PORT", r.Reason, StringComparison.Ordinal),
            r => Assert.Contains("listen port 0", r.Reason, StringComparison.Ordinal),
            r => Assert.Contains("max_connections 0 is outside 1..4096", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_session_listed_twice_is_started_once()
    {
        var changes = SessionPlan.Diff("cait", [Client("tls-1"), Client("tls-1")], Running());

        Assert.Single(changes.Start);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void A_session_with_a_budget_outside_1_to_1000_connections_per_second_is_refused(int perSecond)
    {
        var changes = SessionPlan.Diff("cait", [Client("tls-1") with { ConnectionsPerSecond = perSecond }], Running());

        Assert.Empty(changes.Start);
        Assert.Equal($"connections_per_second {perSecond} is outside 1..1000", Assert.Single(changes.Refused).Reason);
    }

    [Fact]
    public void A_changed_budget_restarts_the_session_with_it()
    {
        var changes = SessionPlan.Diff("cait", [Client("tls-1") with { ConnectionsPerSecond = 50 }], Running((Client("tls-1"), true)));

        Assert.Equal(["tls-1"], changes.Stop);
        Assert.Equal([50], changes.Start.Select(s => s.ConnectionsPerSecond));
    }

    [Fact]
    public void A_server_session_for_a_refused_target_is_refused_with_the_reason_stopped_if_it_ran_and_needs_no_listener()
    {
        var refused = new Dictionary<string, string> { ["198.18.255.1:8443"] = "198.18.255.1:8443 is an infrastructure address of this node (198.18.255.0/24)" };
        var bad = Server("tls-1", "198.18.255.1:8443");

        var changes = SessionPlan.Diff("cait", [bad], Running((bad, true)), refused);

        Assert.Equal(["tls-1"], changes.Stop);
        Assert.Empty(changes.Start);
        Assert.False(changes.ServeTls);
        Assert.Equal(refused["198.18.255.1:8443"], Assert.Single(changes.Refused).Reason);
    }

    [Fact]
    public void A_refused_target_does_not_refuse_the_client_side_which_never_connects_to_it()
    {
        var refused = new Dictionary<string, string> { ["198.19.3.2:8000"] = "refused" };

        var changes = SessionPlan.Diff("cait", [Client("tls-1")], Running(), refused);

        Assert.Equal(["tls-1"], changes.Start.Select(s => s.Id));
        Assert.Empty(changes.Refused);
    }
}
