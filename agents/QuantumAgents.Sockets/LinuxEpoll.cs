using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuantumAgents.Sockets;

/// <summary>epoll(7), and the socket calls .NET's <c>Socket</c> would route through its own engine.</summary>
internal static unsafe partial class LinuxEpoll
{
    public const uint In = 0x001;
    public const uint Out = 0x004;
    public const uint Error = 0x008;
    public const uint HangUp = 0x010;
    public const uint ReadHangUp = 0x2000;
    public const uint EdgeTriggered = 1u << 31;

    public const int Add = 1;

    public const int CloseOnExec = 0x80000;
    public const int NonBlocking = 0x800; // SOCK_NONBLOCK, as accept4 and socket take it
    public const int StreamSocket = 1; // SOCK_STREAM
    public const int TcpProtocol = 6; // IPPROTO_TCP, also the level of TCP's options
    public const int SocketLevel = 1; // SOL_SOCKET
    public const int ReusePort = 15; // SO_REUSEPORT
    public const int ErrorOption = 4; // SO_ERROR
    public const int LingerOption = 13; // SO_LINGER
    public const int TcpNoDelay = 1; // TCP_NODELAY, at level IPPROTO_TCP
    public const int ShutdownWrite = 1; // SHUT_WR
    public const int NoSignal = 0x4000; // MSG_NOSIGNAL: a write to a closed connection fails with EPIPE, no SIGPIPE

    public const int Interrupted = 4; // EINTR
    public const int WouldBlock = 11; // EAGAIN
    public const int ConnectionAborted = 103; // ECONNABORTED
    public const int InProgress = 115; // EINPROGRESS

    /// <summary>
    /// struct epoll_event is { uint32 events; uint64 data; }, packed on x86 and x86-64 (12 bytes)
    /// and naturally aligned elsewhere (16): its layout is read and written by offset.
    /// </summary>
    public static readonly int EventSize = IsPacked ? 12 : 16;

    private static readonly int DataOffset = IsPacked ? 4 : 8;

    private static bool IsPacked => RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    public static void WriteEvent(byte* slot, uint events, ulong data)
    {
        *(uint*)slot = events;
        Unsafe.WriteUnaligned(slot + DataOffset, data);
    }

    public static uint EventsAt(byte* slot) => *(uint*)slot;

    public static ulong DataAt(byte* slot) => Unsafe.ReadUnaligned<ulong>(slot + DataOffset);

    [LibraryImport("libc.so.6", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int Create(int flags);

    [LibraryImport("libc.so.6", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int Control(int epoll, int operation, int fd, byte* ev);

    [LibraryImport("libc.so.6", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int Wait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc.so.6", EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept(SafeHandle fd, byte* address, int* length, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(SafeHandle fd, byte* address, int length);

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc.so.6", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetOption(SafeHandle fd, int level, int name, void* value, int length);

    [LibraryImport("libc.so.6", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetOption(SafeHandle fd, int level, int name, void* value, int* length);

    [LibraryImport("libc.so.6", EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(SafeHandle fd, int how);

    [LibraryImport("libc.so.6", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(SafeHandle fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(SafeHandle fd, byte* buffer, nint length, int flags);
}
