using Mono.Unix.Native;
using QuantumAgents.QrngAgent.Device;

namespace QuantumAgents.QrngAgent.Tests;

/// <summary>
/// The real adapter (Mono.Posix open/poll/write, the libc ioctl) against a FIFO, which polls
/// and takes writes the way /dev/qrng does; the module itself is exercised under qemu by
/// scripts/vm-entropy-test.sh.
/// </summary>
public sealed class QrngDeviceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qa-qrng-device-").FullName;

    [Fact]
    public async Task Writes_what_fits_without_blocking_and_polls_writable_again_once_a_reader_drains()
    {
        var fifo = Path.Combine(_directory, "qrng");
        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        var readerFd = Syscall.open(fifo, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK);
        Assert.True(readerFd >= 0, $"open reader: {Stdlib.GetLastError()}");
        using var reader = new Microsoft.Win32.SafeHandles.SafeFileHandle(readerFd, ownsHandle: true);
        using var device = QrngDevice.Open(fifo, "qrng-no-such-module");
        var bytes = new byte[1 << 20];
        new Random(7).NextBytes(bytes);

        await device.WaitWritableAsync(CancellationToken.None);
        var first = device.Write(bytes);
        Assert.InRange(first, 1, bytes.Length - 1); // a pipe holds 64 KiB: a short write, not a block
        Assert.Equal(0, device.Write(bytes.AsSpan(first))); // full: 0, not an exception

        var drained = new MemoryStream();
        var writing = Task.Run(async () =>
        {
            var offset = first;
            while (offset < bytes.Length)
            {
                await device.WaitWritableAsync(CancellationToken.None);
                offset += device.Write(bytes.AsSpan(offset));
            }
        });
        var chunk = new byte[65536];
        while (drained.Length < bytes.Length)
        {
            var n = Read(readerFd, chunk);
            if (n > 0)
            {
                drained.Write(chunk, 0, (int)n);
            }
            else
            {
                await Task.Delay(5);
            }
        }
        await writing;

        Assert.Equal(bytes, drained.ToArray());
        Assert.Equal(0, device.Capacity); // no such module in sysfs: unknown
    }

    private static unsafe long Read(int fd, byte[] buffer)
    {
        fixed (byte* start = buffer)
        {
            return Syscall.read(fd, start, (ulong)buffer.Length);
        }
    }

    [Fact]
    public void The_fill_level_ioctl_on_something_that_is_not_dev_qrng_says_so()
    {
        var file = Path.Combine(_directory, "plain");
        File.WriteAllBytes(file, new byte[16]);
        using var device = QrngDevice.Open(file, "qrng");

        var e = Assert.Throws<QrngDeviceException>(() => device.FillLevel());

        Assert.Contains("is not a qrng device", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_missing_device_names_it_and_the_error()
    {
        var e = Assert.Throws<QrngDeviceException>(() => QrngDevice.Open(Path.Combine(_directory, "missing"), "qrng"));

        Assert.Contains("missing for writing: No such file or directory", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
