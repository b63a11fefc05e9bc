using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace QuantumAgents.Sockets;

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
    // What Receive and Send return instead of a count when the socket is not ready (EAGAIN).
    private const int WouldBlock = -1;

    private readonly EpollLoop _loop;
    // The descriptor for our syscalls: the given Socket's handle, or one of ours.
    private readonly SafeHandle _handle;
    private readonly ulong _id;
    private readonly SocketReadiness _readable = new();
    private readonly SocketReadiness _writable = new();
    private readonly Lock _socketCreation = new();
    private Socket? _socket;
    private int _disposed;

    /// <summary>
    /// Takes over <paramref name="socket"/>, connected (e.g. accepted) and never used with .NET's
    /// async socket methods: the stream owns it from here and closes it. It joins the current
    /// loop (see <see cref="EpollLoop"/>), or else the next in turn.
    /// </summary>
    public EpollSocketStream(Socket socket)
        : this(socket, EpollLoop.CurrentOrNext())
    {
    }

    /// <summary>The same on <paramref name="loop"/>: its code runs on that loop's thread.</summary>
    public EpollSocketStream(Socket socket, EpollLoop loop)
        : this(NonBlockingHandleOf(socket), loop)
    {
        _socket = socket;
    }

    /// <summary>Takes over a connected non-blocking descriptor (accepted or connected by us).</summary>
    internal EpollSocketStream(SocketDescriptor handle, EpollLoop loop)
        : this((SafeHandle)handle, loop)
    {
    }

    private EpollSocketStream(SafeHandle handle, EpollLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        _handle = handle;
        _loop = loop;
        _id = _loop.Add((int)handle.DangerousGetHandle(), this);
    }

    /// <summary>The loop whose thread runs the code after this stream's awaits that waited.</summary>
    public EpollLoop Loop => _loop;

    /// <summary>The socket, for its options and addresses; reads and writes go through the stream.</summary>
    public Socket Socket
    {
        get
        {
            // Made when first asked for (see NativeSocket for what it costs), over the descriptor
            // without owning it: the stream closes it, gracefully.
            lock (_socketCreation)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                return _socket ??= new Socket(new SafeSocketHandle(_handle.DangerousGetHandle(), ownsHandle: false));
            }
        }
    }

    public override bool CanRead => Volatile.Read(ref _disposed) == 0;

    public override bool CanWrite => Volatile.Read(ref _disposed) == 0;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// A TCP connection to <paramref name="endpoint"/> (with TCP_NODELAY), on the current loop
    /// (see <see cref="EpollLoop"/>) or else the next in turn.
    /// </summary>
    /// <exception cref="SocketException">The connection failed, e.g. <see cref="SocketError.ConnectionRefused"/>.</exception>
    public static Task<EpollSocketStream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken = default) =>
        ConnectAsync(endpoint, EpollLoop.CurrentOrNext(), cancellationToken);

    /// <summary>The same on <paramref name="loop"/>: the code after its awaits runs on that loop's thread.</summary>
    public static async Task<EpollSocketStream> ConnectAsync(IPEndPoint endpoint, EpollLoop loop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(loop);
        cancellationToken.ThrowIfCancellationRequested();
        var handle = NativeSocket.CreateTcp(endpoint.AddressFamily);
        EpollSocketStream stream;
        bool connected;
        try
        {
            // connect(2) before the socket joins the loop: an unconnected socket polls as
            // writable and hung up, a connecting one as neither, so the first event after
            // joining is the connect's outcome.
            connected = StartConnect(handle, endpoint);
            stream = new EpollSocketStream(handle, loop);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        try
        {
            if (!connected)
            {
                await stream._writable.WaitAsync(seen: 0, cancellationToken).ConfigureAwait(false);
                var error = NativeSocket.PendingError(handle);
                if (error != 0)
                {
                    throw SocketErrors.Exception(error);
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
    public static Task<EpollSocketStream> ConnectAsync(string host, int port, CancellationToken cancellationToken = default) =>
        ConnectAsync(host, port, EpollLoop.CurrentOrNext(), cancellationToken);

    /// <summary>The same on <paramref name="loop"/>, e.g. next to the connection whose bytes it relays.</summary>
    public static async Task<EpollSocketStream> ConnectAsync(string host, int port, EpollLoop loop, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)port, (uint)IPEndPoint.MaxPort, nameof(port));
        ArgumentNullException.ThrowIfNull(loop);
        if (IPAddress.TryParse(host, out var address))
        {
            return await ConnectAsync(new IPEndPoint(address, port), loop, cancellationToken).ConfigureAwait(false);
        }
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var candidate in addresses)
        {
            try
            {
                return await ConnectAsync(new IPEndPoint(candidate, port), loop, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>True if connected at once, false if the loop will say when (EINPROGRESS).</summary>
    private static unsafe bool StartConnect(SafeHandle handle, IPEndPoint endpoint)
    {
        Span<byte> address = stackalloc byte[NativeSocketAddress.MaxLength];
        var length = NativeSocketAddress.Write(endpoint, address);
        int result;
        fixed (byte* bytes = address)
        {
            result = LinuxEpoll.Connect(handle, bytes, length);
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
            var read = Receive(buffer.Span);
            if (read >= 0)
            {
                return read;
            }
            await _readable.WaitAsync(seen, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var seen = _writable.Sequence;
            var sent = Send(buffer.Span);
            if (sent >= 0)
            {
                buffer = buffer[sent..];
                continue;
            }
            await _writable.WaitAsync(seen, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Bytes received (0: end of stream), or <see cref="WouldBlock"/> if none are there yet.</summary>
    private unsafe int Receive(Span<byte> buffer)
    {
        fixed (byte* bytes = buffer)
        {
            return Transfer(&LinuxEpoll.Receive, bytes, buffer.Length, 0);
        }
    }

    /// <summary>Bytes sent, or <see cref="WouldBlock"/> if the socket's buffer is full.</summary>
    private unsafe int Send(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* bytes = buffer)
        {
            return Transfer(&LinuxEpoll.Send, bytes, buffer.Length, LinuxEpoll.NoSignal);
        }
    }

    /// <summary>
    /// One recv or send, again after EINTR: its count, or <see cref="WouldBlock"/>; any other
    /// error is the stream's failure, as NetworkStream reports it.
    /// </summary>
    private unsafe int Transfer(delegate*<SafeHandle, byte*, nint, int, nint> call, byte* bytes, int length, int flags)
    {
        while (true)
        {
            nint result;
            try
            {
                result = call(_handle, bytes, length, flags);
            }
            catch (ObjectDisposedException e)
            {
                throw Aborted(e); // the handle is closed: the stream was disposed
            }
            if (result >= 0)
            {
                return (int)result;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LinuxEpoll.WouldBlock)
            {
                return WouldBlock;
            }
            if (errno != LinuxEpoll.Interrupted)
            {
                throw TransferFailed(SocketErrors.Exception(errno));
            }
        }
    }

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
    /// Half-closes: the peer reads the end of the stream after what was written; reading here goes
    /// on. (A proxy passes an end of stream on this way.)
    /// </summary>
    public void ShutdownSend()
    {
        int result;
        try
        {
            result = LinuxEpoll.Shutdown(_handle, LinuxEpoll.ShutdownWrite);
        }
        catch (ObjectDisposedException e)
        {
            throw Aborted(e);
        }
        if (result != 0)
        {
            throw TransferFailed(SocketErrors.Exception(Marshal.GetLastPInvokeError()));
        }
    }

    /// <summary>
    /// Closes with RST instead of FIN (linger 0), so the peer cannot mistake a failure for a
    /// complete transfer; a read or write waiting here fails at once.
    /// </summary>
    public void Abort()
    {
        NativeSocket.TryResetOnClose(_handle);
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
            Socket? socket;
            lock (_socketCreation)
            {
                socket = _socket;
            }
            socket?.Dispose();
            _handle.Dispose();
        }
        base.Dispose(disposing);
    }

    private static SafeSocketHandle NonBlockingHandleOf(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SocketType != SocketType.Stream)
        {
            throw new ArgumentException("not a stream socket", nameof(socket));
        }
        socket.Blocking = false;
        return socket.SafeHandle;
    }

    /// <summary>What a read or write of a closed stream fails with: what NetworkStream's would.</summary>
    private static IOException Aborted(Exception inner) => TransferFailed(new SocketException((int)SocketError.OperationAborted), inner);

    /// <summary>A read or write that failed with <paramref name="error"/>, worded as NetworkStream words it.</summary>
    private static IOException TransferFailed(SocketException error, Exception? inner = null) =>
        new($"Unable to transfer data on the transport connection: {error.Message}.", inner ?? error);
}
