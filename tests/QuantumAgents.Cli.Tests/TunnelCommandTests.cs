using System.Text.Json;

namespace QuantumAgents.Cli.Tests;

/// <summary><c>qactl tunnel</c> against the real control plane (in-process) with scripted agents.</summary>
public sealed class TunnelCommandTests : TenantQactlTest
{
    [Fact]
    public async Task Create_without_wait_stores_a_pending_tunnel_with_the_configured_client_subnets()
    {
        var result = await Qactl.RunAsync("tunnel", "create", "cait", "rectorado", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var tunnel = JsonDocument.Parse(result.Out);
        var root = tunnel.RootElement;
        Assert.Equal(("pending", "psk"), (root.Str("state"), root.Str("auth")));
        Assert.Equal(("198.19.1.0/24", "198.19.3.0/24"), (root.GetProperty("a_subnets")[0].GetString(), root.GetProperty("b_subnets")[0].GetString()));
        var work = Assert.Single(ScriptedAgent.Items(await new ScriptedAgent(Server, "cait", "ipsec").WorkAsync(), "tunnels"));
        Assert.Equal((root.Str("id"), "initiator"), (work.Str("id"), work.Str("role")));
    }

    [Fact]
    public async Task Ppk_and_explicit_subnets_reach_the_agents_work()
    {
        var result = await Qactl.RunAsync("tunnel", "create", "rectorado", "cait", "--ppk",
            "--local-subnet", "198.19.3.0/25", "--local-subnet", "198.19.3.128/25", "--remote-subnet", "198.19.1.0/24");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var work = Assert.Single(ScriptedAgent.Items(await new ScriptedAgent(Server, "rectorado", "ipsec").WorkAsync(), "tunnels"));
        Assert.Equal("ppk", work.Str("auth"));
        Assert.Equal(["198.19.3.0/25", "198.19.3.128/25"], work.GetProperty("local_subnets").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Create_with_wait_returns_established_once_both_agents_report_it()
    {
        var agents = PlayAgentsAsync("established", "established");

        var result = await Qactl.RunAsync("tunnel", "create", "cait", "rectorado", "--wait", "30");
        await agents;

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Matches(@"^tunnel \S+  cait ⇄ rectorado  established\n", result.Out);
        Assert.Contains("initiator", result.Out, StringComparison.Ordinal);
        Assert.Contains("key-1", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"spi_in\":\"c0ffee01\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tunnel_that_fails_while_waited_for_exits_1_with_the_sides_reason()
    {
        var agents = PlayAgentsAsync("established", "failed");

        var result = await Qactl.RunAsync("tunnel", "create", "cait", "rectorado", "--wait");
        await agents;

        Assert.Equal(ExitCodes.NotReady, result.ExitCode);
        Assert.Matches(@"^qactl: tunnel \S+ is failed: rectorado: NO_PROPOSAL_CHOSEN\n$", result.Error);
    }

    [Fact]
    public async Task A_refused_tunnel_exits_3_with_the_APIs_detail_and_json_gets_the_problem()
    {
        var text = await Qactl.RunAsync("tunnel", "create", "cait", "island", "--remote-subnet", "198.19.9.0/24");
        var json = await Qactl.RunAsync("tunnel", "create", "cait", "nowhere", "--remote-subnet", "198.19.9.0/24", "--json");

        Assert.Equal(ExitCodes.Refused, text.ExitCode);
        Assert.Contains("409 b: no QKD key path between cait and island", text.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, json.ExitCode);
        using var problem = JsonDocument.Parse(json.Out);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("no node 'nowhere'", problem.RootElement.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_without_a_configured_subnet_needs_the_option()
    {
        var result = await Qactl.RunAsync("tunnel", "create", "cait", "ccs");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--remote-subnet: required (no client_subnet for node 'ccs'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_show_and_rm_follow_the_tunnel_to_its_end()
    {
        var id = JsonDocument.Parse((await Qactl.RunAsync("tunnel", "create", "cait", "rectorado", "--json")).Out).RootElement.Str("id");
        var cait = new ScriptedAgent(Server, "cait", "ipsec");
        var rectorado = new ScriptedAgent(Server, "rectorado", "ipsec");
        await cait.ReportAsync((id, "established", "key-9", null));
        await rectorado.ReportAsync((id, "established", null, null));

        var list = await Qactl.RunAsync("tunnel", "ls");
        var show = await Qactl.RunAsync("tunnel", "show", id);
        // The agents let go of the tunnel once their work no longer lists it, as real ones do, so
        // rm --wait (the request that marks it deleting) is always there to see it go.
        var confirmed = Task.WhenAll(ReleaseOnceDroppedAsync(cait, id), ReleaseOnceDroppedAsync(rectorado, id));
        var gone = await Qactl.RunAsync("tunnel", "rm", id, "--wait", "30");
        await confirmed;
        var missing = await Qactl.RunAsync("tunnel", "show", id);
        // Without --wait, rm answers while the agents are still removing it.
        var other = JsonDocument.Parse((await Qactl.RunAsync("tunnel", "create", "cait", "rectorado", "--json")).Out).RootElement.Str("id");
        await cait.ReportAsync((other, "established", "key-10", null));
        await rectorado.ReportAsync((other, "established", null, null));
        var deleting = await Qactl.RunAsync("tunnel", "rm", other);

        Assert.Contains($"{id}  cait ⇄ rectorado  198.19.1.0/24 ⇄ 198.19.3.0/24  psk   established", list.Out, StringComparison.Ordinal);
        Assert.Contains("key-9", show.Out, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Ok, $"tunnel {other} deleting (the agents are removing it)\n"), (deleting.ExitCode, deleting.Out));
        Assert.Equal((ExitCodes.Ok, $"tunnel {id} deleted\n"), (gone.ExitCode, gone.Out));
        Assert.Equal(ExitCodes.Refused, missing.ExitCode);
        Assert.Contains($"404 no tunnel '{id}'", missing.Error, StringComparison.Ordinal);
    }

    /// <summary>Long-polls the agent's work until it no longer lists the tunnel, then reports it no more.</summary>
    private static async Task ReleaseOnceDroppedAsync(ScriptedAgent agent, string id)
    {
        var work = await agent.WorkAsync();
        while (ScriptedAgent.Items(work, "tunnels").Any(t => t.Str("id") == id))
        {
            work = await agent.WorkAsync(work.GetProperty("revision").GetInt64(), waitSeconds: 30);
        }
        await agent.ReportAsync();
    }

    /// <summary>The two agents take the next tunnel from their work and report these states.</summary>
    private Task PlayAgentsAsync(string initiatorState, string responderState) => Task.Run(async () =>
    {
        var cait = new ScriptedAgent(Server, "cait", "ipsec");
        var rectorado = new ScriptedAgent(Server, "rectorado", "ipsec");
        var work = await cait.WorkAsync(0, waitSeconds: 30);
        var id = Assert.Single(ScriptedAgent.Items(work, "tunnels")).Str("id");
        await cait.ReportAsync((id, initiatorState, "key-1", null));
        await rectorado.ReportAsync((id, responderState, null, responderState == "failed" ? "NO_PROPOSAL_CHOSEN" : null));
    });
}
