using System.Text;
using CliWrap;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>
/// A TCP server in a client namespace that takes one connection, reads it to the end, and
/// answers with the byte count and SHA-256 of what arrived: the far end's own view of a
/// transfer, so "byte-exact" is measured where the bytes land. (python3: on every test machine.)
/// </summary>
public sealed class HashingTcpSink : IAsyncDisposable
{
    private const string Script = """
        import hashlib, socket, sys
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((sys.argv[1], int(sys.argv[2])))
        server.listen(1)
        print("listening", flush=True)
        connection, _ = server.accept()
        digest, count = hashlib.sha256(), 0
        while True:
            chunk = connection.recv(1 << 16)
            if not chunk:
                break
            digest.update(chunk)
            count += len(chunk)
        connection.sendall(f"{count} {digest.hexdigest()}\n".encode())
        connection.shutdown(socket.SHUT_WR)
        connection.close()
        """;

    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly NamespacedProcess _process;

    private HashingTcpSink(string netns, string address, int port)
    {
        Endpoint = $"{address}:{port}";
        _process = new NamespacedProcess(netns,
            ["python3", "-c", Script, address, port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            PipeTarget.ToDelegate(line =>
            {
                if (line == "listening")
                {
                    _listening.TrySetResult();
                }
            }),
            PipeTarget.ToStringBuilder(_errors));
    }

    /// <summary>HOST:PORT, as a TLS session's <c>target</c>.</summary>
    public string Endpoint { get; }

    public static async Task<HashingTcpSink> StartAsync(string netns, string address, int port)
    {
        var sink = new HashingTcpSink(netns, address, port);
        var first = await Task.WhenAny(sink._listening.Task, sink._process.Running.Task, Task.Delay(TimeSpan.FromSeconds(20)));
        if (first != sink._listening.Task)
        {
            await sink.DisposeAsync();
            throw new InvalidOperationException($"the hashing sink on {sink.Endpoint} in {netns} did not start: {sink._errors}");
        }
        return sink;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
