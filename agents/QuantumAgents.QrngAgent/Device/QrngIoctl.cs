using System.Runtime.InteropServices;

namespace QuantumAgents.QrngAgent.Device;

/// <summary>The ioctl of <c>kernel/qrng/qrng.h</c>: Mono.Posix has no <c>ioctl</c>, so libc's, directly.</summary>
internal static partial class QrngIoctl
{
    /// <summary><c>_IOR('Q', 0x01, __u32)</c>: read, 4 bytes, type 'Q', number 1.</summary>
    public const uint GetFillLevel = (2u << 30) | (4u << 16) | ('Q' << 8) | 0x01;

    /// <summary>The fill level, or -1 with errno set.</summary>
    public static int ReadFillLevel(int fd, out uint level) => Ioctl(fd, GetFillLevel, out level);

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, out uint value);
}
