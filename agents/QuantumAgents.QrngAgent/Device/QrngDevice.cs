using System.Globalization;
using Mono.Unix;
using Mono.Unix.Native;

namespace QuantumAgents.QrngAgent.Device;

/// <summary>
/// <c>/dev/qrng</c> opened for writing, non-blocking: <c>poll(POLLOUT)</c> says when the module
/// wants bytes (its fill level fell to the low-water mark), <c>write</c> takes what fits, and
/// <c>QRNG_GET_FILL_LEVEL</c> says what is buffered. Open, poll, write and close through
/// Mono.Posix; the ioctl through <see cref="QrngIoctl"/>.
/// </summary>
public sealed class QrngDevice : IQrngDevice
{
    /// <summary>Each poll is this short so that a stopping agent is never held up longer.</summary>
    private const int PollSliceMilliseconds = 250;

    private readonly int _fd;

    private QrngDevice(string path, int fd, long capacity)
    {
        Path = path;
        _fd = fd;
        Capacity = capacity;
    }

    public string Path { get; }

    public long Capacity { get; }

    /// <summary>Opens <paramref name="path"/>; <paramref name="moduleName"/> is where its capacity is read from sysfs.</summary>
    public static QrngDevice Open(string path, string moduleName)
    {
        var fd = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            throw Failed($"cannot open {path} for writing", Stdlib.GetLastError());
        }
        return new QrngDevice(path, fd, ReadCapacity(moduleName));
    }

    public async ValueTask WaitWritableAsync(CancellationToken cancellationToken)
    {
        if (PollOnce(0))
        {
            return;
        }
        // poll(2) blocks a thread: give it one off the pool's fast path, in slices.
        await Task.Factory.StartNew(() =>
        {
            while (!PollOnce(PollSliceMilliseconds))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    private bool PollOnce(int timeoutMilliseconds)
    {
        var fds = new[] { new Pollfd { fd = _fd, events = PollEvents.POLLOUT } };
        var ready = Syscall.poll(fds, timeoutMilliseconds);
        if (ready < 0)
        {
            var errno = Stdlib.GetLastError();
            return errno == Errno.EINTR ? false : throw Failed($"poll on {Path}", errno);
        }
        if ((fds[0].revents & (PollEvents.POLLERR | PollEvents.POLLHUP | PollEvents.POLLNVAL)) != 0)
        {
            throw new QrngDeviceException($"{Path}: poll reports {fds[0].revents} (module unloaded?)");
        }
        return (fds[0].revents & PollEvents.POLLOUT) != 0;
    }

    public unsafe int Write(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var written = Syscall.write(_fd, start, (ulong)bytes.Length);
            if (written >= 0)
            {
                return (int)written;
            }
        }
        var errno = Stdlib.GetLastError();
        return errno is Errno.EAGAIN or Errno.EINTR ? 0 : throw Failed($"write to {Path}", errno);
    }

    public long FillLevel()
    {
        if (QrngIoctl.ReadFillLevel(_fd, out var level) < 0)
        {
            var errno = NativeConvert.ToErrno(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            throw Failed(errno == Errno.ENOTTY ? $"{Path} is not a qrng device (QRNG_GET_FILL_LEVEL)" : $"QRNG_GET_FILL_LEVEL on {Path}", errno);
        }
        return level;
    }

    /// <summary>The <c>capacity</c> module parameter (0444 in sysfs); 0 when it is not there.</summary>
    private static long ReadCapacity(string moduleName)
    {
        try
        {
            var text = File.ReadAllText($"/sys/module/{moduleName}/parameters/capacity").Trim();
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var capacity) ? capacity : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static QrngDeviceException Failed(string what, Errno errno) =>
        new($"{what}: {UnixMarshal.GetErrorDescription(errno)} ({errno})");

    // close(2) of a character device does not fail in a way the agent could act on.
    public void Dispose() => _ = Syscall.close(_fd);
}
