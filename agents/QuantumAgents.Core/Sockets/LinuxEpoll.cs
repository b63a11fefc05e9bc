using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuantumAgents.Core.Sockets;

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
    public static partial int Accept(int fd, byte* address, int* length, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int length);
}
