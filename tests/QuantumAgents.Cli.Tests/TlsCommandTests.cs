using System.Text.Json;

namespace QuantumAgents.Cli.Tests;

/// <summary><c>qactl tls</c> against the real control plane (in-process) with scripted agents.</summary>
public sealed class TlsCommandTests : TenantQactlTest
{
    [Fact]
    public async Task Create_with_wait_gives_each_agent_its_role_and_returns_established()
    {
        var agents = Task.Run(async () =>
        {
            var client = new ScriptedAgent(Server, "cait", "tls");
            var work = await client.WorkAsync(0, waitSeconds: 30);
            var session = Assert.Single(ScriptedAgent.Items(work, "sessions"));
            Assert.Equal(("client", 8080, "198.19.3.2:8000"), (session.Str("role"), session.GetProperty("listen").GetInt32(), session.Str("target")));
            await client.ReportAsync((session.Str("id"), "established", null, null));
            await new ScriptedAgent(Server, "rectorado", "tls").ReportAsync((session.Str("id"), "established", null, null));
        });

        var result = await Qactl.RunAsync("tls", "create", "cait", "rectorado", "--listen", "8080", "--target", "198.19.3.2:8000", "--wait", "30");
        await agents;

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Matches(@"^session \S+  cait:8080 → rectorado → 198\.19\.3\.2:8000  established\n", result.Out);
    }

    [Fact]
    public async Task A_port_already_used_on_the_client_node_is_refused_with_exit_3()
    {
        var first = await Qactl.RunAsync("tls", "create", "cait", "rectorado", "--listen", "8080", "--target", "198.19.3.2:8000");
        var second = await Qactl.RunAsync("tls", "create", "cait", "ccs", "--listen", "8080", "--target", "198.19.2.2:8000");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Refused, second.ExitCode);
        Assert.Contains("409 listen:", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_json_is_the_APIs_list_and_rm_of_an_unreported_session_is_immediate()
    {
        var id = JsonDocument.Parse((await Qactl.RunAsync("tls", "create", "cait", "rectorado", "--listen", "9000", "--target", "198.19.3.2:80", "--json")).Out)
            .RootElement.Str("id");

        var list = await Qactl.RunAsync("tls", "ls", "--json");
        var removed = await Qactl.RunAsync("tls", "rm", id);
        var empty = await Qactl.RunAsync("tls", "ls");

        using var sessions = JsonDocument.Parse(list.Out);
        Assert.Equal(id, Assert.Single(sessions.RootElement.GetProperty("sessions").EnumerateArray()).Str("id"));
        Assert.Equal($"session {id} deleted\n", removed.Out);
        Assert.Equal("ID  CLIENT:PORT → SERVER → TARGET  STATE  CREATED\n", empty.Out);
    }
}
