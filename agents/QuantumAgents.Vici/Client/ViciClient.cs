using QuantumAgents.Vici.Messages;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

/// <summary>
/// Commands to one charon over its VICI socket. VICI has no request ids, so callers are
/// serialized: one command in flight per connection. The connection is opened on first use
/// and, after charon restarts, reopened by the next command (<see cref="Reconnected"/> tells
/// the owner to reconcile). A command whose request could not be delivered on a stale
/// connection is retried once on a fresh one; a command that was delivered is never repeated.
/// </summary>
public sealed partial class ViciClient : IAsyncDisposable, IDisposable
{
    private readonly ViciClientOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ViciConnection? _connection;
    private long _connections;
    private bool _disposed;

    public ViciClient(ViciClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public ViciClient(string socketPath) : this(new ViciClientOptions { SocketPath = socketPath })
    {
    }

    public string SocketPath => _options.SocketPath;

    /// <summary>Connections opened so far; above one means the client has reconnected.</summary>
    public long ConnectionCount => Interlocked.Read(ref _connections);

    /// <summary>
    /// Raised when a new connection replaces a lost one, from inside the command that made it
    /// (so a handler must not wait for another command of this client; queue the reconcile).
    /// </summary>
    public event EventHandler? Reconnected;

    /// <summary>Any command; returns charon's response without interpreting <c>success</c>.</summary>
    public Task<ViciSection> RequestAsync(string command, ViciSection? request = null, CancellationToken cancellationToken = default) =>
        ExchangeAsync(command, CommandWriter(command, request), streamEvent: null, events: null, TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// A streamed command: registers <paramref name="eventName"/>, sends the command, collects
    /// those events until the response, and unregisters.
    /// </summary>
    public async Task<ViciStreamResult> StreamAsync(string command, string eventName, ViciSection? request = null, CancellationToken cancellationToken = default)
    {
        var events = new List<ViciSection>();
        var response = await ExchangeAsync(command, CommandWriter(command, request), eventName, events, TimeSpan.Zero, cancellationToken);
        return new ViciStreamResult(events, response);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _connection?.Dispose();
        _connection = null;
        _gate.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
