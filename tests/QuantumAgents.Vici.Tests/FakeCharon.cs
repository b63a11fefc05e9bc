using System.Buffers.Binary;
using System.Net.Sockets;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Tests;

/// <summary>
/// A scripted VICI server on a UNIX socket, for what a real charon will not do on demand:
/// garbage, stalls, half frames, a precise interleaving of events. Each accepted connection
/// runs <c>handler</c>; the connection closes when it returns.
/// </summary>
internal sealed class FakeCharon : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<FakeCharonConnection, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    public FakeCharon(string socketPath, Func<FakeCharonConnection, Task> handler)
    {
        SocketPath = socketPath;
        _handler = handler;
        File.Delete(socketPath);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen();
        _accepting = AcceptAsync();
    }

    public string SocketPath { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    public static string NewSocketPath() => Path.Combine(Directory.CreateTempSubdirectory("qa-vici-").FullName, "fake.vici");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }
        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            var connection = new FakeCharonConnection(socket, _stop.Token);
            lock (_connections)
            {
                _connections.Add(RunAsync(connection));
            }
        }
    }

    private async Task RunAsync(FakeCharonConnection connection)
    {
        using (connection)
        {
            await _handler(connection);
        }
    }
}
