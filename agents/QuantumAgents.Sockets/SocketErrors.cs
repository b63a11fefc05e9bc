using System.Net.Sockets;

namespace QuantumAgents.Sockets;

/// <summary>
/// Linux errno values as .NET's <see cref="SocketError"/>, so a failed connection or transfer
/// reads as it would from .NET's own <see cref="Socket"/>.
/// </summary>
internal static class SocketErrors
{
    /// <summary>The exception for <paramref name="errno"/>, with the system's own text for it.</summary>
    public static SocketException Exception(int errno) =>
        new((int)FromErrno(errno), System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));

    public static SocketError FromErrno(int errno) => errno switch
    {
        1 or 13 => SocketError.AccessDenied, // EPERM, EACCES
        24 => SocketError.TooManyOpenSockets, // EMFILE
        32 => SocketError.Shutdown, // EPIPE
        97 => SocketError.AddressFamilyNotSupported, // EAFNOSUPPORT
        98 => SocketError.AddressAlreadyInUse, // EADDRINUSE
        99 => SocketError.AddressNotAvailable, // EADDRNOTAVAIL
        101 => SocketError.NetworkUnreachable, // ENETUNREACH
        103 => SocketError.ConnectionAborted, // ECONNABORTED
        104 => SocketError.ConnectionReset, // ECONNRESET
        105 => SocketError.NoBufferSpaceAvailable, // ENOBUFS
        107 => SocketError.NotConnected, // ENOTCONN
        110 => SocketError.TimedOut, // ETIMEDOUT
        111 => SocketError.ConnectionRefused, // ECONNREFUSED
        113 => SocketError.HostUnreachable, // EHOSTUNREACH
        _ => SocketError.SocketError,
    };
}
