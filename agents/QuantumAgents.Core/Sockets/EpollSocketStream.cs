using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace QuantumAgents.Core.Sockets;

/// <summary>
/// A connected TCP socket as a <see cref="Stream"/>, like <see cref="NetworkStream"/>, but its
/// waits are served by an epoll loop of ours instead of .NET's socket engine: a read or write
/// that would block waits for the loop thread to see the socket ready, and the code after the
/// await runs right there, on the loop thread. That is one wake-up per wait, as in a C event
/// loop, where .NET's engine takes two (its epoll thread hands every completion to a thread-pool
/// worker): bench/tls measures what it is worth to a TLS handshake.
/// <para>
/// So code after an await of this stream must not block: while it runs, no other socket of its
/// loop moves. One read and one write may be in flight at once (a pump in each direction).
/// The synchronous methods block the calling thread, which must not be a loop thread.
/// </para>
/// </summary>
public sealed class EpollSocketStream : Stream, IEpollReady
{
    private readonly EpollLoop _loop;
    private readonly ulong _id;
    private readonly SocketReadiness _readable = new();
    private readonly SocketReadiness _writable = new();
    private int _disposed;

    /// <summary>
    /// Takes over <paramref name="socket"/>, connected (e.g. accepted) and never used with .NET's
    /// async socket methods: the stream owns it from here and closes it.
    /// </summary>
    public EpollSocketStream(Socket socket)
        : this(socket, EpollLoop.Next())
    {
    }

    /// <summary>On a given loop: an accepted socket stays on its listener's, so its code runs where it was accepted.</summary>
    internal EpollSocketStream(Socket socket, EpollLoop loop)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SocketType != SocketType.Stream)
        {
            throw new ArgumentException("not a stream socket", nameof(socket));
        }
        Socket = socket;
        if (socket.Blocking)
        {
            socket.Blocking = false;
        }
        _loop = loop;
        _id = _loop.Add((int)socket.SafeHandle.DangerousGetHandle(), this);
    }

    /// <summary>The socket, for its options and addresses; reads and writes go through the stream.</summary>
    public Socket Socket { get; }

    public override bool CanRead => Volatile.Read(ref _disposed) == 0;

    public override bool CanWrite => Volatile.Read(ref _disposed) == 0;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>A TCP connection to <paramref name="endpoint"/> (with TCP_NODELAY), connected by the loop.</summary>
    /// <exception cref="SocketException">The connection failed, e.g. <see cref="SocketError.ConnectionRefused"/>.</exception>
    public static async Task<EpollSocketStream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        cancellationToken.ThrowIfCancellationRequested();
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
        EpollSocketStream stream;
        bool connected;
        try
        {
            // connect(2) before the socket joins the loop: an unconnected socket polls as
            // writable and hung up, a connecting one as neither, so the first event after
            // joining is the connect's outcome.
            connected = StartConnect(socket, endpoint);
            stream = new EpollSocketStream(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        try
        {
            if (!connected)
            {
                await stream._writable.WaitAsync(seen: 0, cancellationToken).ConfigureAwait(false);
                var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }
            }
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A TCP connection to <paramref name="host"/> (an address, or a name resolved through DNS
    /// whose addresses are tried in turn, as <see cref="Socket.ConnectAsync(string, int)"/> does).
    /// </summary>
    /// <exception cref="SocketException">No address took the connection: the last one's error.</exception>
    public static async Task<EpollSocketStream> ConnectAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)port, (uint)IPEndPoint.MaxPort, nameof(port));
        if (IPAddress.TryParse(host, out var address))
        {
            return await ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
        }
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var candidate in addresses)
        {
            try
            {
                return await ConnectAsync(new IPEndPoint(candidate, port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>True if connected at once, false if the loop will say when (EINPROGRESS).</summary>
    private static unsafe bool StartConnect(Socket socket, IPEndPoint endpoint)
    {
        Span<byte> address = stackalloc byte[NativeSocketAddress.MaxLength];
        var length = NativeSocketAddress.Write(endpoint, address);
        int result;
        fixed (byte* bytes = address)
        {
            result = LinuxEpoll.Connect((int)socket.SafeHandle.DangerousGetHandle(), bytes, length);
        }
        if (result == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno == LinuxEpoll.InProgress ? false : throw SocketErrors.Exception(errno);
    }

    /// <summary>Bytes read, or 0 once the peer has closed its direction.</summary>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        while (true)
        {
            var seen = _readable.Sequence;
            var read = Receive(buffer.Span, out var error);
            if (error == SocketError.Success)
            {
                return read;
            }
            await WaitAsync(_readable, seen, error, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var seen = _writable.Sequence;
            var sent = Send(buffer.Span, out var error);
            if (error == SocketError.Success)
            {
                buffer = buffer[sent..];
                continue;
            }
            await WaitAsync(_writable, seen, error, cancellationToken).ConfigureAwait(false);
        }
    }

    private int Receive(Span<byte> buffer, out SocketError error)
    {
        try
        {
            return Socket.Receive(buffer, SocketFlags.None, out error);
        }
        catch (ObjectDisposedException e)
        {
            throw Aborted(e);
        }
    }

    private int Send(ReadOnlySpan<byte> buffer, out SocketError error)
    {
        try
        {
            return Socket.Send(buffer, SocketFlags.None, out error);
        }
        catch (ObjectDisposedException e)
        {
            throw Aborted(e);
        }
    }

    /// <summary>Waits for readiness after a would-block; any other error is the stream's failure, as NetworkStream reports it.</summary>
    private static ValueTask WaitAsync(SocketReadiness readiness, int seen, SocketError error, CancellationToken cancellationToken) =>
        error == SocketError.WouldBlock
            ? readiness.WaitAsync(seen, cancellationToken)
            : throw TransferFailed(new SocketException((int)error));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Nothing is buffered here: every write is in the kernel when it completes.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    void IEpollReady.OnReady(uint events)
    {
        if ((events & (LinuxEpoll.In | LinuxEpoll.ReadHangUp | LinuxEpoll.HangUp | LinuxEpoll.Error)) != 0)
        {
            _readable.Signal();
        }
        if ((events & (LinuxEpoll.Out | LinuxEpoll.HangUp | LinuxEpoll.Error)) != 0)
        {
            _writable.Signal();
        }
    }

    /// <summary>
    /// Closes with RST instead of FIN (linger 0), so the peer cannot mistake a failure for a
    /// complete transfer; a read or write waiting here fails at once.
    /// </summary>
    public void Abort()
    {
        try
        {
            Socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed, or never connected: nothing left to reset.
        }
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _loop.Remove(_id);
            var closed = Aborted(new ObjectDisposedException(nameof(EpollSocketStream)));
            _readable.Close(closed);
            _writable.Close(closed);
            Socket.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>What a read or write of a closed stream fails with: what NetworkStream's would.</summary>
    private static IOException Aborted(Exception inner) => TransferFailed(new SocketException((int)SocketError.OperationAborted), inner);

    /// <summary>A read or write that failed with <paramref name="error"/>, worded as NetworkStream words it.</summary>
    private static IOException TransferFailed(SocketException error, Exception? inner = null) =>
        new($"Unable to transfer data on the transport connection: {error.Message}.", inner ?? error);
}
