namespace QuantumAgents.QrngAgent.Device;

/// <summary>The write side of <c>/dev/qrng</c> as the feeder sees it (a fake in the tests).</summary>
public interface IQrngDevice : IDisposable
{
    string Path { get; }

    /// <summary>The module's buffer size in bytes; 0 when it cannot be read.</summary>
    long Capacity { get; }

    /// <summary>Returns once the device takes bytes (POLLOUT: at or below its low-water mark).</summary>
    ValueTask WaitWritableAsync(CancellationToken cancellationToken);

    /// <summary>Writes what fits now, without blocking; 0 when the device is full.</summary>
    int Write(ReadOnlySpan<byte> bytes);

    /// <summary>Bytes buffered and not yet read.</summary>
    long FillLevel();
}
