using System.Text.Json;

namespace QuantumAgents.Cli.Tests;

/// <summary><c>qactl nodes</c> and <c>qactl entropy</c> against the real control plane (in-process).</summary>
public sealed class EntropyAndNodesTests : TenantQactlTest
{
    [Fact]
    public async Task Entropy_prints_32_bytes_of_base64_by_default()
    {
        var result = await Qactl.RunAsync("entropy");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(32, Convert.FromBase64String(result.Out.TrimEnd('\n')).Length);
    }

    [Fact]
    public async Task Entropy_hex_raw_and_json_serve_the_bytes_asked_for_and_are_metered()
    {
        var hex = await Qactl.RunAsync("entropy", "16", "--hex");
        var raw = await Qactl.RunAsync("entropy", "1000", "--raw");
        var json = await Qactl.RunAsync("entropy", "8", "--json");

        Assert.Equal(16, Convert.FromHexString(hex.Out.TrimEnd('\n')).Length);
        Assert.Equal((1000, ""), (raw.Raw.Length, raw.Out));
        using var view = JsonDocument.Parse(json.Out);
        Assert.Equal(("base64", 8), (view.RootElement.GetProperty("format").GetString(), view.RootElement.GetProperty("bytes").GetInt32()));
        Assert.False(view.RootElement.GetProperty("quantum").GetBoolean());
        var usage = (await Server.Admin().GetJsonAsync("/api/v1/usage")).Body.GetProperty("tenants").EnumerateArray().Single(t => t.Str("tenant") == "demo");
        Assert.Equal((1024L, 3L), (usage.GetProperty("entropy_bytes").GetInt64(), usage.GetProperty("entropy_requests").GetInt64()));
    }

    [Fact]
    public async Task Usage_shows_the_tenants_own_metering()
    {
        await Qactl.RunAsync("entropy", "100", "--hex");

        var result = await Qactl.RunAsync("usage");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(["demo", "0", "0", "0", "0", "0 bit", "0 bit", "0 bit/s", "none", "100", "1"], Cells(lines[1]));
    }

    [Fact]
    public async Task The_admin_sets_a_tenants_quota_and_usage_shows_it_with_the_QKD_key_committed()
    {
        var admin = new Qactl { Server = Server };
        admin.WriteConfig("""{"url":"http://control-plane.test","token":"test-admin-token"}""");
        var set = await admin.RunAsync("tenant", "quota", "demo", "--bits-per-second", "1000", "--bits-per-day", "5000000");
        var created = await Qactl.RunAsync("tunnel", "create", "cait", "rectorado", "--rekey-seconds", "10");
        var refused = await Qactl.RunAsync("tls", "create", "cait", "rectorado", "--listen", "8080", "--target", "198.19.3.2:80", "--connections-per-second", "5");
        var usage = await Qactl.RunAsync("usage");
        var lifted = await admin.RunAsync("tenant", "quota", "demo");
        var byTenant = await Qactl.RunAsync("tenant", "quota", "demo", "--bits-per-second", "1");

        Assert.Equal((ExitCodes.Ok, "tenant demo: at most 1 kbit/s committed, 5 Mbit per day\n", ""), (set.ExitCode, set.Out, set.Error));
        Assert.Equal(ExitCodes.Ok, created.ExitCode);
        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
        Assert.Contains("429 quota: tenant 'demo' may commit 1000 bits/s of QKD key; 25.6 committed, this asks 1280", refused.Error, StringComparison.Ordinal);
        Assert.Equal(["demo", "1", "0", "0", "0", "0 bit", "0 bit", "25.6 bit/s", "1 kbit/s, 5 Mbit/day", "0", "0"],
            Cells(usage.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]));
        Assert.Equal("tenant demo: no QKD quota\n", lifted.Out);
        Assert.Equal(ExitCodes.Refused, byTenant.ExitCode);
        admin.Dispose();
    }

    [Fact]
    public async Task Nodes_shows_each_links_key_budget()
    {
        await new LinkReporter(Server, "cait").ReportAsync("ccs", 1_000_000, poolBits: 64_000_000);
        Assert.Equal(ExitCodes.Ok, (await Qactl.RunAsync("tls", "create", "cait", "rectorado", "--listen", "8080", "--target", "198.19.3.2:80")).ExitCode);

        var text = await Qactl.RunAsync("nodes");

        var lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["cait → ccs", "1 Mbit/s", "2.6 kbit/s", "?", "64 Mbit", "never"], Cells(Assert.Single(lines, l => l.StartsWith("cait → ", StringComparison.Ordinal))));
        Assert.Equal(["rectorado → ccs", "?", "2.6 kbit/s", "?", "?", "never"], Cells(Assert.Single(lines, l => l.StartsWith("rectorado → ", StringComparison.Ordinal))));
    }

    /// <summary>A table row's cells: columns are two spaces apart at least, a cell has single spaces at most.</summary>
    private static string[] Cells(string row) => System.Text.RegularExpressions.Regex.Split(row.Trim(), " {2,}");

    [Fact]
    public async Task Entropy_beyond_the_per_request_limit_is_refused_with_the_APIs_reason_exit_3()
    {
        var result = await Qactl.RunAsync("entropy", "2000000");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("GET /api/v1/entropy?bytes=2000000&format=base64: 400 bytes:", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Nodes_shows_every_node_its_links_and_the_entropy_source()
    {
        await new ScriptedAgent(Server, "cait", "ipsec").ReportAsync();

        var text = await Qactl.RunAsync("nodes");
        var json = await Qactl.RunAsync("nodes", "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        var lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NODE", lines[0], StringComparison.Ordinal);
        var cait = Assert.Single(lines, l => l.StartsWith("cait  ", StringComparison.Ordinal));
        Assert.Contains("198.18.12.1", cait, StringComparison.Ordinal);
        Assert.Contains("ccs 100/1000", cait, StringComparison.Ordinal);
        Assert.Contains("ipsec ok", cait, StringComparison.Ordinal);
        Assert.Contains("ccs (not reported)", Assert.Single(lines, l => l.StartsWith("rectorado  ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith("entropy source: ", lines[^1], StringComparison.Ordinal);
        Assert.Contains("; quantum: no; health: ", lines[^1], StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(ControlPlaneServer.Nodes.Order(StringComparer.Ordinal),
            document.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.Str("name")));
    }

    [Fact]
    public async Task A_token_the_control_plane_does_not_know_is_refused_saying_where_the_token_comes_from()
    {
        var path = Qactl.WriteConfig("""{"url":"http://control-plane.test","token":"qa_not-a-real-token"}""");

        var result = await Qactl.RunAsync("nodes");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("refused the token (401)", result.Error, StringComparison.Ordinal);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
        Assert.Contains("QACTL_TOKEN", result.Error, StringComparison.Ordinal);
    }
}
