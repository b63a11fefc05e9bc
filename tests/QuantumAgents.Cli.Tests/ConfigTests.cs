namespace QuantumAgents.Cli.Tests;

/// <summary>Where qactl finds its configuration, what overrides it, and the errors that say what to fix (exit 78).</summary>
public sealed class ConfigTests : IDisposable
{
    private readonly Qactl _qactl = new();

    public void Dispose() => _qactl.Dispose();

    [Fact]
    public async Task Without_any_configuration_it_names_the_places_it_looked_and_exits_78()
    {
        var result = await _qactl.RunAsync("nodes");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("QACTL_CONFIG (unset)", result.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_qactl.Home, ".config", "quantum-agents", "qactl.json") + " (missing)", result.Error, StringComparison.Ordinal);
        Assert.Contains("QACTL_URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_QACTL_CONFIG_that_does_not_exist_is_named()
    {
        _qactl.Environment["QACTL_CONFIG"] = "/nonexistent/qactl.json";

        var result = await _qactl.RunAsync("tunnel", "ls");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("QACTL_CONFIG=/nonexistent/qactl.json: no such file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_is_refused_with_its_name()
    {
        var path = _qactl.WriteConfig("""{"url":"https://198.18.255.254:8480","tokn":"x"}""");

        var result = await _qactl.RunAsync("nodes");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
        Assert.Contains("tokn", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_that_is_not_https_is_refused()
    {
        _qactl.WriteConfig("""{"url":"ftp://198.18.255.254"}""");

        var result = await _qactl.RunAsync("nodes");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("'ftp://198.18.255.254' is not an https:// URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_token_file_is_named()
    {
        _qactl.WriteConfig("""{"url":"https://198.18.255.254:8480","token_file":"tenant.token"}""");

        var result = await _qactl.RunAsync("nodes");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains(Path.Combine(_qactl.Home, "tenant.token"), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_file_under_home_is_read_and_a_relative_token_file_is_relative_to_it()
    {
        await using var server = await ControlPlaneServer.StartAsync();
        var token = await server.NewTenantAsync("home");
        using var qactl = new Qactl { Server = server };
        var directory = Directory.CreateDirectory(Path.Combine(qactl.Home, ".config", "quantum-agents")).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "tenant.token"), token + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "qactl.json"), """{"url":"http://control-plane.test","token_file":"tenant.token"}""");

        var result = await qactl.RunAsync("tunnel", "ls");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
    }

    [Fact]
    public async Task QACTL_URL_and_QACTL_TOKEN_alone_are_enough_and_override_the_file()
    {
        await using var server = await ControlPlaneServer.StartAsync();
        using var qactl = new Qactl { Server = server };
        qactl.WriteConfig("""{"url":"https://198.18.255.254:8480","token":"stale-token"}""");
        qactl.Environment["QACTL_URL"] = "http://control-plane.test";
        qactl.Environment["QACTL_TOKEN"] = await server.NewTenantAsync("env");

        Assert.Equal(ExitCodes.Ok, (await qactl.RunAsync("entropy")).ExitCode);
        qactl.Environment.Remove("QACTL_CONFIG");
        Assert.Equal(ExitCodes.Ok, (await qactl.RunAsync("entropy")).ExitCode);
    }

    [Fact]
    public async Task Key_names_the_node_entry_or_the_file_it_lacks()
    {
        var path = _qactl.WriteConfig("""
            {"url":"https://198.18.255.254:8480","ca":"ca.pem",
             "nodes":{"cait":{"kme_url":"https://198.18.255.1:8443","certificate":"sae-cait.pem","key":"sae-cait.key"}}}
            """);

        var noEntry = await _qactl.RunAsync("key", "cait", "rectorado");

        Assert.Equal(ExitCodes.Config, noEntry.ExitCode);
        Assert.Contains($"{path}: no entry for node 'rectorado' under \"nodes\" (known: cait)", noEntry.Error, StringComparison.Ordinal);
        _qactl.WriteConfig("""
            {"url":"https://198.18.255.254:8480","ca":"ca.pem",
             "nodes":{"cait":{"kme_url":"https://198.18.255.1:8443","certificate":"sae-cait.pem","key":"sae-cait.key"},
                      "rectorado":{"kme_url":"https://198.18.255.3:8443","certificate":"sae-r.pem","key":"sae-r.key"}}}
            """);
        var missingCertificate = await _qactl.RunAsync("key", "cait", "rectorado");
        Assert.Equal(ExitCodes.Config, missingCertificate.ExitCode);
        Assert.Contains(Path.Combine(_qactl.Home, "sae-cait.pem"), missingCertificate.Error, StringComparison.Ordinal);
    }
}
