using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// The built <c>qactl</c> binary against the testbed, configured only by the qactl.json that
/// <c>testbed.sh up</c> writes: the calls a user makes, checked against the KMEs and the network.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class QactlTests(TestbedFixture fixture)
{
    private static string Binary => Environment.GetEnvironmentVariable("QACTL_BINARY")
        ?? Path.Combine(Repository.Root, "agents", "QuantumAgents.Cli", "bin", "Release", "net10.0", "qactl");

    private Testbed Testbed => fixture.Testbed;

    [Fact]
    public async Task Nodes_entropy_and_a_key_round_trip_cait_to_rectorado_work_from_the_testbeds_qactl_json()
    {
        var nodes = await RunAsync("nodes", "--json");
        var text = await RunAsync("entropy");
        var raw = await RunRawAsync("entropy", "4096", "--raw");
        var key = await RunAsync("key", "cait", "rectorado", "--json");

        Assert.True(nodes.ExitCode == 0, nodes.StandardError);
        using (var document = JsonDocument.Parse(nodes.StandardOutput))
        {
            Assert.Equal(["cait", "ccs", "rectorado"], document.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        }
        Assert.Equal(32, Convert.FromBase64String(text.StandardOutput.Trim()).Length);
        Assert.Equal(4096, raw.Length);
        Assert.True(key.ExitCode == 0, key.StandardError);
        using var round = JsonDocument.Parse(key.StandardOutput);
        var keyId = round.RootElement.GetProperty("key_id").GetString()!;
        Assert.True(round.RootElement.GetProperty("match").GetBoolean());
        Assert.Equal(round.RootElement.GetProperty("master").GetProperty("sha256").GetString(), round.RootElement.GetProperty("slave").GetProperty("sha256").GetString());
        Assert.DoesNotContain("\"key\"", key.StandardOutput, StringComparison.Ordinal);
        // qactl really took the key at rectorado's KME: it is handed out once, so a second dec_keys is refused.
        var rectorado = Testbed.Nodes["rectorado"];
        var again = await new Curl(Testbed.Ca).SendAsync("POST", rectorado.Keys("cait", "dec_keys"), as_: rectorado.Sae,
            body: $$"""{"key_IDs":[{"key_ID":"{{keyId}}"}]}""");
        Assert.Equal(400, again.Status);
    }

    [Fact]
    public async Task A_tunnel_created_with_wait_carries_a_ping_and_rm_with_wait_takes_it_away()
    {
        Prerequisites.RequireRootAndPrograms("ping");
        var cait = IpsecNode.Load("cait");
        var rectorado = IpsecNode.Load("rectorado");

        var created = await RunAsync("tunnel", "create", "cait", "rectorado", "--wait", "60", "--json");
        Assert.True(created.ExitCode == 0, created.StandardOutput + created.StandardError);
        using var tunnel = JsonDocument.Parse(created.StandardOutput);
        var id = tunnel.RootElement.GetProperty("id").GetString()!;
        Assert.Equal("established", tunnel.RootElement.GetProperty("state").GetString());
        var pings = await cait.PingAsync(rectorado.ClientAddress, 3);
        var show = await RunAsync("tunnel", "show", id);
        var removed = await RunAsync("tunnel", "rm", id, "--wait", "30");
        var after = await RunAsync("tunnel", "show", id);

        Assert.Equal(3, pings);
        Assert.Contains("established", show.StandardOutput, StringComparison.Ordinal);
        Assert.Equal((0, $"tunnel {id} deleted\n"), (removed.ExitCode, removed.StandardOutput));
        Assert.Equal(3, after.ExitCode);
        Assert.Equal(0, await cait.PingAsync(rectorado.ClientAddress, 1));
    }

    private static Command Qactl(params string[] arguments)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: dotnet build agents/QuantumAgents.Cli -c Release (scripts/test.sh builds the solution)");
        }
        var config = Path.Combine(Testbed.Directory, "qactl.json");
        if (!File.Exists(config))
        {
            throw new InvalidOperationException($"{config} is missing: scripts/testbed.sh up writes it");
        }
        return Cli.Wrap(Binary).WithArguments(arguments)
            .WithEnvironmentVariables(e => e.Set("QACTL_CONFIG", config).Set("QACTL_URL", null).Set("QACTL_TOKEN", null).Set("QACTL_CA", null))
            .WithValidation(CommandResultValidation.None);
    }

    private static Task<BufferedCommandResult> RunAsync(params string[] arguments) =>
        Qactl(arguments).ExecuteBufferedAsync(Encoding.UTF8).Task;

    private static async Task<byte[]> RunRawAsync(params string[] arguments)
    {
        using var bytes = new MemoryStream();
        var error = new StringBuilder();
        var result = await Qactl(arguments).WithStandardOutputPipe(PipeTarget.ToStream(bytes)).WithStandardErrorPipe(PipeTarget.ToStringBuilder(error)).ExecuteAsync();
        Assert.True(result.ExitCode == 0, error.ToString());
        var raw = bytes.ToArray();
        CryptographicOperations.ZeroMemory(bytes.GetBuffer());
        return raw;
    }
}
