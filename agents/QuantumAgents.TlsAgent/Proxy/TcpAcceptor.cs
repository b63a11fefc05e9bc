using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// A listening TCP socket and its accept loop: every accepted socket goes to the handler. One
/// that cannot bind, or whose loop fails, is down and says why (also through <c>onDown</c>).
/// </summary>
public sealed class TcpAcceptor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Socket? _listener;
    private readonly Task _accepting = Task.CompletedTask;

    /// <param name="name">How a failure of the loop names the listener, e.g. "listener on port 8080".</param>
    public TcpAcceptor(IPEndPoint endpoint, string name, Action<Socket> onAccepted, Action<string> onDown)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(onDown);
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            DownReason = $"cannot listen on {endpoint}: {e.Message}";
            onDown(DownReason);
            return;
        }
        _listener = listener;
        _accepting = AcceptLoopAsync(listener, name, onAccepted, onDown);
    }

    public bool Up => _listener is not null && !_accepting.IsCompleted;

    public string? DownReason { get; private set; }

    private async Task AcceptLoopAsync(Socket listener, string name, Action<Socket> onAccepted, Action<string> onDown)
    {
        try
        {
            while (true)
            {
                onAccepted(await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            DownReason = $"{name} failed: {e.Message}";
            onDown(DownReason);
        }
    }

    /// <summary>Stops accepting; connections already handed over are the handler's to close.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _accepting.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
