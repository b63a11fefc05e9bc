using System.Buffers;
using System.Net.Sockets;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

/// <summary>
/// One stream connection to a VICI socket: whole frames out, decoded packets in. Socket errors
/// become <see cref="ViciConnectionException"/>; bad bytes become <see cref="ViciProtocolException"/>.
/// Not thread-safe: its owner keeps one exchange in flight.
/// </summary>
internal sealed class ViciConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly string _socketPath;
    private readonly byte[] _header = new byte[ViciLimits.FrameHeaderLength];

    private ViciConnection(Socket socket, string socketPath)
    {
        _socket = socket;
        _socketPath = socketPath;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<ViciConnection> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token);
            return new ViciConnection(socket, socketPath);
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            throw new ViciConnectionException($"cannot connect to the VICI socket {socketPath}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True when the daemon has closed its end (e.g. it was restarted) while we were idle.</summary>
    public bool PeerClosed
    {
        get
        {
            try
            {
                return _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return true;
            }
        }
    }

    public async Task SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(frame, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw Lost(e);
        }
    }

    public async Task<ViciPacket> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var read = await _stream.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                throw new ViciConnectionException($"charon closed the VICI connection {_socketPath}");
            }
            if (read < _header.Length)
            {
                throw new ViciProtocolException($"truncated frame: the connection closed after {read} header bytes");
            }
            var length = ViciPacketDecoder.ReadFrameLength(_header);
            var body = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                read = await _stream.ReadAtLeastAsync(body.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken);
                if (read < length)
                {
                    throw new ViciProtocolException($"truncated frame: {read} of {length} bytes before the connection closed");
                }
                return ViciPacketDecoder.DecodeSegment(body.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body, clearArray: true);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw Lost(e);
        }
    }

    public void Dispose() => _stream.Dispose();

    private ViciConnectionException Lost(Exception e) =>
        new($"the VICI connection {_socketPath} broke: {e.Message}", e);
}
