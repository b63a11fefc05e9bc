using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// A qa-kmed started by a test in the root namespace on loopback, with a config the test
/// writes: for what the shared testbed cannot show (an exhausted pool, a peer that is down).
/// </summary>
public sealed class KmeProcess : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private CommandTask<CommandResult>? _running;
    private bool _stopped;

    private KmeProcess(string node, string url, string directory)
    {
        Node = node;
        Url = url;
        Directory = directory;
    }

    public string Node { get; }
    public string Url { get; }
    public string Directory { get; }
    public string ConfigPath => Path.Combine(Directory, "kmed.json");
    public string LogPath => Path.Combine(Directory, "kmed.log");

    /// <summary>A config for <paramref name="node"/> on 127.0.0.1:<paramref name="port"/>, using the testbed's PKI.</summary>
    public static JsonObject Config(Testbed testbed, string node, int port, string directory, params (string Peer, int Port, JsonObject Source)[] links)
    {
        var saes = new JsonObject();
        foreach (var (name, testbedNode) in testbed.Nodes)
        {
            foreach (var sae in testbedNode.Saes.Keys)
            {
                saes[sae] = new JsonObject { ["node"] = name, ["certificate_subject"] = "CN=" + sae };
            }
        }
        var linkConfig = new JsonObject();
        foreach (var (peer, peerPort, source) in links)
        {
            linkConfig[peer] = new JsonObject
            {
                ["url"] = $"https://127.0.0.1:{peerPort}",
                ["peer_certificate_subject"] = "CN=kme-" + peer,
                ["source"] = source,
            };
        }
        return new JsonObject
        {
            ["node"] = node,
            ["listen"] = new JsonArray($"https://127.0.0.1:{port}"),
            ["tls"] = new JsonObject { ["certificate"] = testbed.Pki($"kme-{node}.pem"), ["key"] = testbed.Pki($"kme-{node}.key"), ["ca"] = testbed.Ca },
            ["state_directory"] = Path.Combine(directory, "state"),
            ["saes"] = saes,
            ["links"] = linkConfig,
        };
    }

    public static JsonObject SimulatedSource(bool producer, long rateBitsPerSecond, long poolBits) => new()
    {
        ["kind"] = "simulated",
        ["producer"] = producer,
        ["rate_bits_per_second"] = rateBitsPerSecond,
        ["pool_bits"] = poolBits,
        ["block_bytes"] = 256,
    };

    public static async Task<KmeProcess> StartAsync(Testbed testbed, string node, int port, JsonObject config)
    {
        var directory = (string)config["state_directory"]!;
        var process = new KmeProcess(node, $"https://127.0.0.1:{port}", Path.GetDirectoryName(directory)!);
        await File.WriteAllTextAsync(process.ConfigPath, config.ToJsonString());
        process._running = Cli.Wrap(Repository.KmeBinary)
            .WithArguments(["--config", process.ConfigPath])
            .WithStandardOutputPipe(PipeTarget.ToFile(process.LogPath))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(process._stop.Token);
        await process.WaitHealthyAsync(testbed);
        return process;
    }

    private async Task WaitHealthyAsync(Testbed testbed)
    {
        var curl = new Curl(testbed.Ca);
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (_running!.Task.IsCompleted)
            {
                throw new InvalidOperationException($"qa-kmed {Node} exited at start: {await File.ReadAllTextAsync(LogPath)}");
            }
            if ((await curl.GetAsync(Url + "/healthz")).Status == 200)
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"qa-kmed {Node} not healthy after 30 s: {await File.ReadAllTextAsync(LogPath)}");
    }

    /// <summary>Runs qa-kmed with a config it should refuse; returns its exit code and stderr.</summary>
    public static async Task<(int ExitCode, string Error)> RunExpectingFailureAsync(string configPath)
    {
        var result = await Cli.Wrap(Repository.KmeBinary).WithArguments(["--config", configPath])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return (result.ExitCode, result.StandardError);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _stop.CancelAsync();
        try
        {
            await _running!;
        }
        catch (OperationCanceledException)
        {
            // Killed, as asked.
        }
        _stop.Dispose();
    }
}
