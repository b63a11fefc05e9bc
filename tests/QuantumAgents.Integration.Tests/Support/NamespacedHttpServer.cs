using CliWrap;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// <c>python3 -m http.server</c> serving a directory inside a network namespace: the service a
/// TLS session leads to. A threading server speaking HTTP/1.0, so every request is its own
/// TCP connection (and through the agents its own key).
/// </summary>
public sealed class NamespacedHttpServer : IAsyncDisposable
{
    private readonly System.Text.StringBuilder _errors = new();

    // Read, not discarded: python writes its banner there and dies of a broken pipe if nobody reads.
    private readonly System.Text.StringBuilder _output = new();

    private readonly NamespacedProcess _process;

    private NamespacedHttpServer(string netns, string address, int port, string directory)
    {
        Endpoint = $"{address}:{port}";
        _process = new NamespacedProcess(netns,
            ["python3", "-m", "http.server", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", address, "--directory", directory],
            PipeTarget.ToStringBuilder(_output), PipeTarget.ToStringBuilder(_errors));
    }

    /// <summary>HOST:PORT, as a session's <c>target</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Starts the server and waits until <paramref name="probeNetns"/> gets an answer from it.</summary>
    public static async Task<NamespacedHttpServer> StartAsync(string netns, string address, int port, string directory, string probeNetns)
    {
        var server = new NamespacedHttpServer(netns, address, port, directory);
        await Wait.UntilAsync(async () =>
        {
            if (server._process.Running.Task.IsCompleted)
            {
                throw new InvalidOperationException($"python3 -m http.server exited in {netns}: {server._errors}");
            }
            var probe = await Cli.Wrap("ip").WithArguments(["netns", "exec", probeNetns, "curl", "-sf", "-o", "/dev/null", "--max-time", "2", $"http://{server.Endpoint}/"])
                .WithValidation(CommandResultValidation.None).ExecuteAsync();
            return probe.ExitCode == 0;
        }, TimeSpan.FromSeconds(20), $"http.server on {server.Endpoint} in {netns}");
        return server;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
