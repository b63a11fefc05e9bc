using System.Threading.Channels;
using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Events;

/// <summary>
/// Event registrations on a connection of their own (commands on it would interleave with
/// events). When charon goes away the subscription keeps trying to reconnect, registers every
/// event again and then delivers <see cref="ViciEvent.Reconnected"/> in order with the events,
/// so its reader knows to reconcile. Events are buffered without bound until read: a reader
/// that falls behind costs memory, never an event.
/// </summary>
public sealed class ViciEventSubscription : IAsyncDisposable
{
    private readonly ViciSubscriptionOptions _options;
    private readonly Channel<ViciEvent> _events = Channel.CreateUnbounded<ViciEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;
    private long _reconnections;
    private bool _disposed;

    private ViciEventSubscription(ViciSubscriptionOptions options) => _options = options;

    /// <summary>How many times the subscription has re-registered after losing charon.</summary>
    public long Reconnections => Interlocked.Read(ref _reconnections);

    /// <summary>Connects and registers every event before returning, so nothing after this call is missed.</summary>
    public static async Task<ViciEventSubscription> StartAsync(ViciSubscriptionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var subscription = new ViciEventSubscription(options);
        var connection = await subscription.ConnectAndRegisterAsync(cancellationToken);
        subscription._pump = subscription.PumpAsync(connection);
        return subscription;
    }

    /// <summary>Events (and reconnection notices) in arrival order, until disposed; a fatal error ends it with that error.</summary>
    public IAsyncEnumerable<ViciEvent> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    public ChannelReader<ViciEvent> Reader => _events.Reader;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }

    private async Task PumpAsync(ViciConnection connection)
    {
        var stop = _stop.Token;
        Exception? fatal = null;
        try
        {
            while (true)
            {
                try
                {
                    await DeliverAsync(connection, stop);
                }
                catch (ViciException e) when (e is ViciConnectionException or ViciProtocolException)
                {
                    // charon restarted (or sent garbage): start over on a new connection.
                }
                finally
                {
                    connection.Dispose();
                }
                connection = await ReconnectAsync(stop);
                Interlocked.Increment(ref _reconnections);
                _events.Writer.TryWrite(ViciEvent.Reconnected());
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
#pragma warning disable CA1031 // not swallowed: the reader gets it as the end of the stream
        catch (Exception e)
#pragma warning restore CA1031
        {
            // An unknown event after a reconnect (a different charon), or a bug: end the
            // stream with it rather than leave the reader waiting forever.
            fatal = e;
        }
        _events.Writer.TryComplete(fatal);
    }

    private async Task DeliverAsync(ViciConnection connection, CancellationToken stop)
    {
        while (true)
        {
            var packet = await connection.ReceiveAsync(stop);
            if (packet.Type != ViciPacketType.Event)
            {
                throw new ViciProtocolException($"unexpected {packet.Type} on an event connection");
            }
            _events.Writer.TryWrite(new ViciEvent(ViciEventKind.Event, packet.Name!, packet.Message!));
        }
    }

    private async Task<ViciConnection> ReconnectAsync(CancellationToken stop)
    {
        var delay = _options.InitialRetryDelay;
        while (true)
        {
            await Task.Delay(delay, stop);
            try
            {
                return await ConnectAndRegisterAsync(stop);
            }
            catch (ViciException e) when (e is ViciConnectionException or ViciProtocolException or ViciTimeoutException)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task<ViciConnection> ConnectAndRegisterAsync(CancellationToken cancellationToken)
    {
        var connection = await ViciConnection.ConnectAsync(_options.SocketPath, _options.ConnectTimeout, cancellationToken);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.ConnectTimeout);
            try
            {
                foreach (var name in _options.Events)
                {
                    await ViciClient.SendPacketAsync(connection, ViciPacketType.EventRegister, name, deadline.Token);
                    await AwaitConfirmDeliveringAsync(connection, name, deadline.Token);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ViciTimeoutException($"charon at {_options.SocketPath} did not confirm the event registrations");
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Events registered a moment earlier can arrive before the next confirmation: deliver them.</summary>
    private async Task AwaitConfirmDeliveringAsync(ViciConnection connection, string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            var packet = await connection.ReceiveAsync(cancellationToken);
            switch (packet.Type)
            {
                case ViciPacketType.EventConfirm:
                    return;
                case ViciPacketType.EventUnknown:
                    throw new ViciUnknownEventException($"charon has no event '{name}'");
                case ViciPacketType.Event:
                    _events.Writer.TryWrite(new ViciEvent(ViciEventKind.Event, packet.Name!, packet.Message!));
                    break;
                default:
                    throw new ViciProtocolException($"unexpected {packet.Type} while registering '{name}'");
            }
        }
    }
}
