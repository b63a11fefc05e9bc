using QuantumAgents.Vici.Messages;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

// The exchange itself: one request, the packets that answer it, and the connection upkeep.
public sealed partial class ViciClient
{
    /// <summary>
    /// One exchange; takes ownership of <paramref name="request"/> and zeroes it at the end
    /// (it may hold key material).
    /// </summary>
    internal async Task<ViciSection> ExchangeAsync(string command, ViciWriter request, string? streamEvent, List<ViciSection>? events, TimeSpan extraTime, CancellationToken cancellationToken)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var frame = request.Complete();
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var timeout = _options.ResponseTimeout + extraTime;
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(timeout);
                try
                {
                    return await ExchangeOnceOrRetryAsync(frame, command, streamEvent, events, deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    DropConnection();
                    throw new ViciTimeoutException($"no answer to '{command}' from {SocketPath} within {timeout.TotalSeconds} s");
                }
                catch (OperationCanceledException)
                {
                    // The answer may still arrive and would be taken for the next command's.
                    DropConnection();
                    throw;
                }
                catch (ViciException e) when (e is ViciConnectionException or ViciProtocolException)
                {
                    DropConnection();
                    throw;
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            request.Dispose();
        }
    }

    private async Task<ViciSection> ExchangeOnceOrRetryAsync(ReadOnlyMemory<byte> frame, string command, string? streamEvent, List<ViciSection>? events, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (connection, fresh) = await ConnectedAsync(cancellationToken);
            try
            {
                if (streamEvent is null)
                {
                    await connection.SendAsync(frame, cancellationToken);
                }
                else
                {
                    await SendPacketAsync(connection, ViciPacketType.EventRegister, streamEvent, cancellationToken);
                }
            }
            catch (ViciConnectionException) when (!fresh && attempt == 0)
            {
                // Nothing reached the daemon (it went away while we were idle): safe to resend.
                DropConnection();
                continue;
            }
            if (streamEvent is not null)
            {
                await AwaitConfirmAsync(connection, streamEvent, events, cancellationToken);
                await connection.SendAsync(frame, cancellationToken);
            }
            var response = await AwaitResponseAsync(connection, command, streamEvent, events, cancellationToken);
            if (streamEvent is not null)
            {
                await SendPacketAsync(connection, ViciPacketType.EventUnregister, streamEvent, cancellationToken);
                await AwaitConfirmAsync(connection, streamEvent, events: null, cancellationToken);
            }
            return response;
        }
    }

    private async Task<(ViciConnection Connection, bool Fresh)> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing)
        {
            if (!existing.PeerClosed)
            {
                return (existing, false);
            }
            DropConnection();
        }
        var connection = await ViciConnection.ConnectAsync(SocketPath, _options.ConnectTimeout, cancellationToken);
        _connection = connection;
        if (Interlocked.Increment(ref _connections) > 1)
        {
            Reconnected?.Invoke(this, EventArgs.Empty);
        }
        return (connection, true);
    }

    private void DropConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }

    internal static ViciWriter CommandWriter(string command, ViciSection? request)
    {
        var writer = ViciWriter.Command(command);
        try
        {
            if (request is not null)
            {
                writer.Entries(request);
            }
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    internal static async Task SendPacketAsync(ViciConnection connection, ViciPacketType type, string name, CancellationToken cancellationToken)
    {
        using var writer = ViciWriter.Packet(type, name);
        await connection.SendAsync(writer.Complete(), cancellationToken);
    }

    /// <summary>Waits for EVENT_CONFIRM; events that arrive first are collected when they are the awaited stream's.</summary>
    internal static async Task AwaitConfirmAsync(ViciConnection connection, string eventName, List<ViciSection>? events, CancellationToken cancellationToken)
    {
        while (true)
        {
            var packet = await connection.ReceiveAsync(cancellationToken);
            switch (packet.Type)
            {
                case ViciPacketType.EventConfirm:
                    return;
                case ViciPacketType.EventUnknown:
                    throw new ViciUnknownEventException($"charon has no event '{eventName}'");
                case ViciPacketType.Event:
                    if (packet.Name == eventName)
                    {
                        events?.Add(packet.Message!);
                    }
                    break;
                default:
                    throw new ViciProtocolException($"unexpected {packet.Type} while waiting for the confirmation of '{eventName}'");
            }
        }
    }

    private static async Task<ViciSection> AwaitResponseAsync(ViciConnection connection, string command, string? streamEvent, List<ViciSection>? events, CancellationToken cancellationToken)
    {
        while (true)
        {
            var packet = await connection.ReceiveAsync(cancellationToken);
            switch (packet.Type)
            {
                case ViciPacketType.CommandResponse:
                    return packet.Message!;
                case ViciPacketType.CommandUnknown:
                    throw new ViciUnknownCommandException($"charon has no command '{command}'");
                case ViciPacketType.Event:
                    if (packet.Name == streamEvent)
                    {
                        events?.Add(packet.Message!);
                    }
                    break;
                default:
                    throw new ViciProtocolException($"unexpected {packet.Type} while waiting for the response to '{command}'");
            }
        }
    }

    /// <summary>charon's verdict: <c>success = yes</c>, or a <see cref="ViciCommandException"/> with its errmsg.</summary>
    internal static ViciSection EnsureSuccess(string command, ViciSection response, IReadOnlyList<string>? log = null)
    {
        if (response.GetString("success") == "yes")
        {
            return response;
        }
        throw new ViciCommandException(command, response.GetString("errmsg") ?? "(charon gave no errmsg)", log ?? []);
    }
}
