using System.Runtime.InteropServices;

namespace QuantumAgents.Sockets;

/// <summary>
/// A socket's file descriptor, closed with close(2) once nothing uses it any more: a connection
/// ends with FIN. (A SafeSocketHandle released without a Socket over it closes abortively,
/// linger 0, which resets the connection and drops what is still unsent.)
/// </summary>
internal sealed class SocketDescriptor : SafeHandle
{
    public SocketDescriptor()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public SocketDescriptor(int fd)
        : this()
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => LinuxEpoll.Close((int)handle) == 0;
}
