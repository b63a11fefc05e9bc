using System.Net.Sockets;

namespace QuantumAgents.Core.Sockets;

/// <summary>
/// Linux errno values as .NET's <see cref="SocketError"/>, so a failed connection reads as it
/// would from <see cref="Socket.ConnectAsync(System.Net.EndPoint)"/>.
/// </summary>
internal static class SocketErrors
{
    /// <summary>The exception for <paramref name="errno"/>, with the system's own text for it.</summary>
    public static SocketException Exception(int errno) =>
        new((int)FromErrno(errno), System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));

    public static SocketError FromErrno(int errno) => errno switch
    {
        1 or 13 => SocketError.AccessDenied, // EPERM, EACCES
        98 => SocketError.AddressAlreadyInUse, // EADDRINUSE
        99 => SocketError.AddressNotAvailable, // EADDRNOTAVAIL
        101 => SocketError.NetworkUnreachable, // ENETUNREACH
        104 => SocketError.ConnectionReset, // ECONNRESET
        110 => SocketError.TimedOut, // ETIMEDOUT
        111 => SocketError.ConnectionRefused, // ECONNREFUSED
        113 => SocketError.HostUnreachable, // EHOSTUNREACH
        _ => SocketError.SocketError,
    };
}
