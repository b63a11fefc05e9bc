using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Tmds.DBus.Protocol;

namespace QuantumAgents.Core.Systemd;

/// <summary>A unit's LoadState/ActiveState/SubState, once or as it changes.</summary>
public sealed partial class SystemdUnits
{
    /// <summary>
    /// The unit's state now. A unit systemd does not know comes back with LoadState
    /// <c>not-found</c>; a name systemd rejects throws <see cref="SystemdUnitException"/>.
    /// </summary>
    public async Task<UnitState> GetStateAsync(string unit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        var path = await LoadUnitAsync(unit).WaitAsync(cancellationToken).ConfigureAwait(false);
        return await ReadStateAsync(unit, path).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The unit's state now, then each time its LoadState, ActiveState or SubState changes. Ends
    /// with <see cref="SystemdUnavailableException"/> when the connection to systemd is lost, so
    /// the caller can <see cref="TryConnectAsync"/> and watch again.
    /// </summary>
    public async IAsyncEnumerable<UnitState> WatchAsync(string unit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        var path = await LoadUnitAsync(unit).WaitAsync(cancellationToken).ConfigureAwait(false);
        var changes = Channel.CreateUnbounded<UnitPropertiesChange>(new UnboundedChannelOptions { SingleReader = true });
        // Subscribed before the first read, so no change between the read and the match is lost.
        using var match = await AddMatchAsync(UnitPropertiesChangedRule(path), ReadUnitPropertiesChanged, changes.Writer).ConfigureAwait(false);
        var current = await ReadStateAsync(unit, path).WaitAsync(cancellationToken).ConfigureAwait(false);
        yield return current;
        while (true)
        {
            var change = await NextAsync(changes.Reader, cancellationToken).ConfigureAwait(false);
            var next = change.StateInvalidated
                ? await ReadStateAsync(unit, path).WaitAsync(cancellationToken).ConfigureAwait(false)
                : change.ApplyTo(current);
            if (next != current)
            {
                current = next;
                yield return current;
            }
        }
    }

    private async Task<string> LoadUnitAsync(string unit)
    {
        try
        {
            return await CallAsync(LoadUnitMessage(Connection(), unit), ReadObjectPath).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException e)
        {
            throw new SystemdUnitException(unit, $"systemd cannot load {unit}: {e.ErrorName}: {e.ErrorMessage}", e);
        }
    }

    private async Task<UnitState> ReadStateAsync(string unit, string path)
    {
        try
        {
            var states = await CallAsync(GetAllUnitPropertiesMessage(Connection(), path), ReadUnitProperties).ConfigureAwait(false);
            return states.ApplyTo(new UnitState(unit, "", "", ""));
        }
        catch (DBusErrorReplyException e)
        {
            throw new SystemdUnitException(unit, $"systemd cannot tell the state of {unit}: {e.ErrorName}: {e.ErrorMessage}", e);
        }
    }

    /// <summary>Forwards matched signals into <paramref name="sink"/>; the connection's end completes it with the reason.</summary>
    private async Task<IDisposable> AddMatchAsync<T>(MatchRule rule, MessageValueReader<T> reader, ChannelWriter<T> sink)
    {
        try
        {
            return await Connection().AddMatchAsync(
                rule,
                reader,
                static (Notification<T> notification) =>
                {
                    var writer = (ChannelWriter<T>)notification.State!;
                    if (notification.HasValue)
                    {
                        writer.TryWrite(notification.Value);
                    }
                    else
                    {
                        writer.TryComplete(notification.CompletionReason);
                    }
                },
                emitOnCapturedContext: false,
                WatchFlags,
                state: sink).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusConnectionException or ObjectDisposedException)
        {
            throw new SystemdUnavailableException(BusAddress, Reason(e), e);
        }
    }

    private async Task<T> NextAsync<T>(ChannelReader<T> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusConnectionException or ObjectDisposedException or ChannelClosedException)
        {
            throw new SystemdUnavailableException(BusAddress, Reason(e), e);
        }
    }
}
