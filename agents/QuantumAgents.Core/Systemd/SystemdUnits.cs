using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace QuantumAgents.Core.Systemd;

/// <summary>
/// systemd's units over its D-Bus API on the system bus (Tmds.DBus.Protocol, no reflection):
/// a unit's state, a watch on its state, and start/restart jobs awaited to their end. Where there
/// is no system bus or no systemd on it, <see cref="TryConnectAsync"/> says so once in the log
/// and returns false, and the caller carries on without it.
/// </summary>
public sealed partial class SystemdUnits : IDisposable
{
    private const string DefaultSystemBus = "unix:path=/var/run/dbus/system_bus_socket";

    /// <summary>A bus that accepts the connection but never answers must not hold the caller forever.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger<SystemdUnits> _logger;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private DBusConnection? _connection;
    private int _unavailableLogged;

    /// <summary>On the system bus (<c>$DBUS_SYSTEM_BUS_ADDRESS</c> or the standard socket).</summary>
    public SystemdUnits(ILogger<SystemdUnits> logger)
        : this(DBusAddress.System ?? DefaultSystemBus, logger)
    {
    }

    /// <summary>On the bus at <paramref name="busAddress"/> (a D-Bus address such as <c>unix:path=/run/x</c>).</summary>
    public SystemdUnits(string busAddress, ILogger<SystemdUnits> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(busAddress);
        BusAddress = busAddress;
        _logger = logger;
    }

    public string BusAddress { get; }

    /// <summary>
    /// Connects (again, after the bus or systemd went away) and subscribes to systemd's signals.
    /// False when systemd cannot be reached; that is logged once, not on every retry.
    /// </summary>
    public async Task<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { } current && !current.DisconnectedAsync().IsCompleted)
            {
                return true;
            }
            _connection?.Dispose();
            _connection = null;
            var connection = new DBusConnection(BusAddress);
            try
            {
                await ConnectAndSubscribeAsync(connection).WaitAsync(ConnectTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsUnreachable(e))
            {
                connection.Dispose();
                if (Interlocked.Exchange(ref _unavailableLogged, 1) == 0)
                {
                    LogUnavailable(BusAddress, Reason(e));
                }
                return false;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
            _connection = connection;
            if (Interlocked.Exchange(ref _unavailableLogged, 0) == 1)
            {
                LogReachable(BusAddress);
            }
            return true;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _connectGate.Dispose();
    }

    private DBusConnection Connection()
    {
        var connection = Volatile.Read(ref _connection);
        if (connection is null)
        {
            SystemdThrowHelper.ThrowNotConnected(BusAddress);
        }
        return connection;
    }

    private static async Task ConnectAndSubscribeAsync(DBusConnection connection)
    {
        await connection.ConnectAsync().ConfigureAwait(false);
        // The bus answers NameHasNoOwner where systemd is not PID 1 (a container, this kind of CI).
        await CallAsync(connection, GetNameOwnerMessage(connection), ReadString).ConfigureAwait(false);
        try
        {
            // Without a subscriber systemd sends neither JobRemoved nor the units' PropertiesChanged.
            await connection.CallMethodAsync(SubscribeMessage(connection)).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException e) when (e.ErrorName == SystemdBusNames.AlreadySubscribedError)
        {
        }
    }

    /// <summary>Runs a call and turns a lost connection into <see cref="SystemdUnavailableException"/>.</summary>
    private async Task<T> CallAsync<T>(MessageBuffer message, MessageValueReader<T> reader)
    {
        try
        {
            return await CallAsync(Connection(), message, reader).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusConnectionException or ObjectDisposedException)
        {
            throw new SystemdUnavailableException(BusAddress, Reason(e), e);
        }
    }

    private static Task<T> CallAsync<T>(DBusConnection connection, MessageBuffer message, MessageValueReader<T> reader) =>
        connection.CallMethodAsync(message, reader);

    private static bool IsUnreachable(Exception e) =>
        // Any D-Bus failure while connecting (no socket, no systemd on the bus, access denied) means
        // systemd cannot be used from here, which is the caller's "carry on without it".
        e is DBusExceptionBase or SocketException or IOException or ObjectDisposedException or TimeoutException;

    private static string Reason(Exception e) => e switch
    {
        DBusErrorReplyException reply => $"{reply.ErrorName}: {reply.ErrorMessage}",
        // .NET reports a missing socket file as "Cannot assign requested address".
        _ when e.GetBaseException() is SocketException { SocketErrorCode: SocketError.AddressNotAvailable } => "no bus socket there",
        _ => e.GetBaseException().Message,
    };

    [LoggerMessage(LogLevel.Information, "systemd is not reachable over D-Bus at {Address} ({Reason}): going on without unit state")]
    private partial void LogUnavailable(string address, string reason);

    [LoggerMessage(LogLevel.Information, "systemd is reachable over D-Bus at {Address} again")]
    private partial void LogReachable(string address);
}
