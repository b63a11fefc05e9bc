using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace QuantumAgents.Sockets;

/// <summary>
/// The socket calls our streams make on a bare descriptor, errno turned into
/// <see cref="SocketException"/>s. A .NET <see cref="Socket"/> over a descriptor first asks the
/// kernel eight questions about it (type, protocol, family, addresses, flags), each a syscall;
/// a stream on a connection's hot path skips that, and builds one only if asked for.
/// </summary>
internal static unsafe class NativeSocket
{
    /// <summary>A new non-blocking TCP socket, close-on-exec, with TCP_NODELAY.</summary>
    public static SocketDescriptor CreateTcp(AddressFamily family)
    {
        var domain = family switch
        {
            AddressFamily.InterNetwork => NativeSocketAddress.AfInet,
            AddressFamily.InterNetworkV6 => NativeSocketAddress.AfInet6,
            _ => throw new ArgumentException($"not an IP address family: {family}", nameof(family)),
        };
        var fd = LinuxEpoll.Socket(domain, LinuxEpoll.StreamSocket | LinuxEpoll.NonBlocking | LinuxEpoll.CloseOnExec, LinuxEpoll.TcpProtocol);
        if (fd < 0)
        {
            throw SocketErrors.Exception(Marshal.GetLastPInvokeError());
        }
        var handle = new SocketDescriptor(fd);
        try
        {
            EnableNoDelay(handle);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sends small writes at once: a TLS handshake is a ping-pong of small records.</summary>
    public static void EnableNoDelay(SafeHandle handle)
    {
        var on = 1;
        Check(LinuxEpoll.SetOption(handle, LinuxEpoll.TcpProtocol, LinuxEpoll.TcpNoDelay, &on, sizeof(int)));
    }

    /// <summary>
    /// Linger 0: closing sends RST instead of FIN, so the peer cannot take a failure for a complete
    /// transfer. False if there is nothing left to reset (closed already, or never connected).
    /// </summary>
    public static bool TryResetOnClose(SafeHandle handle)
    {
        var linger = stackalloc int[] { 1, 0 }; // struct linger { l_onoff; l_linger; }
        try
        {
            return LinuxEpoll.SetOption(handle, LinuxEpoll.SocketLevel, LinuxEpoll.LingerOption, linger, 2 * sizeof(int)) == 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>SO_ERROR: the outcome of a non-blocking connect, as errno (0: connected).</summary>
    public static int PendingError(SafeHandle handle)
    {
        int error;
        var length = sizeof(int);
        Check(LinuxEpoll.GetOption(handle, LinuxEpoll.SocketLevel, LinuxEpoll.ErrorOption, &error, &length));
        return error;
    }

    private static void Check(int result)
    {
        if (result != 0)
        {
            throw SocketErrors.Exception(Marshal.GetLastPInvokeError());
        }
    }
}
