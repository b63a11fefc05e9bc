using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace QuantumAgents.Sockets;

/// <summary>
/// A TCP server on our epoll loops: one listening socket per loop, all on the same port
/// (SO_REUSEPORT), so the kernel spreads the connections over the loops, and each connection is
/// handed to <c>onAccepted</c> on the loop that accepted it, as an <see cref="EpollSocketStream"/>
/// of that loop. A connection never changes threads, and never touches .NET's socket engine or
/// its thread pool: a C event-loop server's shape. <c>onAccepted</c> runs on the loop thread and
/// must not block; it owns the stream.
/// <para>
/// SO_REUSEPORT also lets any other socket of the same user that sets it bind the same port, and
/// the kernel then shares the connections with it instead of refusing it: the port must be the
/// program's own, not one a user names (qa-tls-agent's session ports stay on .NET's listener).
/// </para>
/// </summary>
public sealed class EpollSocketListener : IDisposable
{
    private readonly List<LoopListener> _listeners = [];

    /// <param name="onFailed">An accept that failed (e.g. out of file descriptors, or <c>onAccepted</c> threw); the listener goes on.</param>
    /// <exception cref="SocketException">The address cannot be bound, e.g. <see cref="SocketError.AddressAlreadyInUse"/>.</exception>
    public EpollSocketListener(IPEndPoint endpoint, Action<EpollSocketStream> onAccepted, Action<Exception> onFailed, int backlog = 512)
        : this(endpoint, EpollLoop.All, onAccepted, onFailed, backlog)
    {
    }

    /// <summary>
    /// The same on <paramref name="loop"/> alone: every connection is served on its thread, e.g.
    /// next to connections that code on that loop makes to this listener.
    /// </summary>
    public EpollSocketListener(IPEndPoint endpoint, EpollLoop loop, Action<EpollSocketStream> onAccepted, Action<Exception> onFailed, int backlog = 512)
        : this(endpoint, [loop ?? throw new ArgumentNullException(nameof(loop))], onAccepted, onFailed, backlog)
    {
    }

    private EpollSocketListener(IPEndPoint endpoint, IReadOnlyList<EpollLoop> loops, Action<EpollSocketStream> onAccepted, Action<Exception> onFailed, int backlog)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(onAccepted);
        ArgumentNullException.ThrowIfNull(onFailed);
        try
        {
            foreach (var loop in loops)
            {
                var listener = new LoopListener(loop, endpoint, backlog, onAccepted, onFailed);
                _listeners.Add(listener);
                // Port 0: the first socket picks one, the others join it.
                endpoint = listener.LocalEndPoint;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        LocalEndPoint = endpoint;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Stops accepting; connections already handed out are their owners' to close.</summary>
    public void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    /// <summary>One listening socket on one loop.</summary>
    private sealed class LoopListener : IEpollReady, IDisposable
    {
        private readonly EpollLoop _loop;
        private readonly Socket _socket;
        private readonly ulong _id;
        private readonly Action<EpollSocketStream> _onAccepted;
        private readonly Action<Exception> _onFailed;
        private int _disposed;

        public LoopListener(EpollLoop loop, IPEndPoint endpoint, int backlog, Action<EpollSocketStream> onAccepted, Action<Exception> onFailed)
        {
            _loop = loop;
            _onAccepted = onAccepted;
            _onFailed = onFailed;
            _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                _socket.SetRawSocketOption(LinuxEpoll.SocketLevel, LinuxEpoll.ReusePort, BitConverter.GetBytes(1));
                _socket.Bind(endpoint);
                _socket.Listen(backlog);
                _socket.Blocking = false;
                _id = loop.Add((int)_socket.SafeHandle.DangerousGetHandle(), this);
            }
            catch
            {
                _socket.Dispose();
                throw;
            }
        }

        public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

        /// <summary>Edge-triggered: takes every queued connection until EAGAIN.</summary>
        void IEpollReady.OnReady(uint events)
        {
            while (Volatile.Read(ref _disposed) == 0)
            {
                SocketDescriptor accepted;
                try
                {
                    var next = TryAccept();
                    if (next is null)
                    {
                        return;
                    }
                    accepted = next;
                }
                catch (SocketException e)
                {
                    _onFailed(e);
                    return;
                }
                EpollSocketStream? stream = null;
                try
                {
                    NativeSocket.EnableNoDelay(accepted);
                    stream = new EpollSocketStream(accepted, _loop);
                    _onAccepted(stream);
                }
                catch (Exception e)
                {
                    _onFailed(e);
                    if (stream is null)
                    {
                        NativeSocket.TryResetOnClose(accepted);
                        accepted.Dispose();
                    }
                    else
                    {
                        stream.Abort();
                    }
                }
            }
        }

        /// <summary>A connection, non-blocking already, or null when none is waiting (EAGAIN) or the listener is closed.</summary>
        private unsafe SocketDescriptor? TryAccept()
        {
            while (true)
            {
                // The handle's marshalling holds it while accept4 runs: a Dispose on another thread
                // cannot close the descriptor under it, nor its number go to another socket.
                int fd;
                try
                {
                    fd = LinuxEpoll.Accept(_socket.SafeHandle, null, null, LinuxEpoll.CloseOnExec | LinuxEpoll.NonBlocking);
                }
                catch (ObjectDisposedException)
                {
                    return null;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (fd >= 0)
                {
                    return new SocketDescriptor(fd);
                }
                if (errno == LinuxEpoll.WouldBlock)
                {
                    return null;
                }
                // A connection reset before it was accepted, or a signal: the next one may be
                // queued already, and edge-triggered readiness would not say so again.
                if (errno is not (LinuxEpoll.ConnectionAborted or LinuxEpoll.Interrupted))
                {
                    throw SocketErrors.Exception(errno);
                }
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _loop.Remove(_id);
                _socket.Dispose();
            }
        }
    }
}
