using CliWrap;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// A TCP listener inside a network namespace that only counts the connections it accepts (and
/// closes them): the proof that nothing reached a target the agents had to refuse.
/// </summary>
public sealed class ConnectionCountingListener : IAsyncDisposable
{
    private const string Program = """
        import socket, sys
        s = socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((sys.argv[1], int(sys.argv[2])))
        s.listen(64)
        print('listening', flush=True)
        while True:
            c, peer = s.accept()
            print('accepted', peer[0], flush=True)
            c.close()
        """;

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _errors = new();
    private readonly NamespacedProcess _process;
    private int _accepted;

    private ConnectionCountingListener(string netns, string address, int port)
    {
        Endpoint = $"{address}:{port}";
        _process = new NamespacedProcess(netns, ["python3", "-c", Program, address, port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            PipeTarget.ToDelegate(OnLine), PipeTarget.ToStringBuilder(_errors));
    }

    /// <summary>HOST:PORT, as a session's <c>target</c>.</summary>
    public string Endpoint { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    public static async Task<ConnectionCountingListener> StartAsync(string netns, string address, int port)
    {
        var listener = new ConnectionCountingListener(netns, address, port);
        var started = await Task.WhenAny(listener._listening.Task, listener._process.Running.Task, Task.Delay(TimeSpan.FromSeconds(20)));
        if (started != listener._listening.Task)
        {
            await listener.DisposeAsync();
            throw new InvalidOperationException($"the counting listener on {listener.Endpoint} in {netns} did not start: {listener._errors}");
        }
        return listener;
    }

    private void OnLine(string line)
    {
        if (line == "listening")
        {
            _listening.TrySetResult();
        }
        else if (line.StartsWith("accepted", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _accepted);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
