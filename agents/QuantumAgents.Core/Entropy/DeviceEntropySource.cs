namespace QuantumAgents.Core.Entropy;

/// <summary>
/// A vendor QRNG's character device (a PCIe card's <c>/dev/...</c>), or any file of random
/// bytes: read in order; the end of a file is an error, not a short answer.
/// </summary>
public sealed class DeviceEntropySource(string path, bool isQuantum) : IEntropySource, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStream? _stream;

    public string Description => $"device {path}{(isQuantum ? "" : " (not quantum)")}";

    public bool IsQuantum => isQuantum;

    public async ValueTask FillAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Unbuffered: no copy of the bytes stays behind in a FileStream buffer.
            _stream ??= new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.Asynchronous);
            var filled = 0;
            while (filled < destination.Length)
            {
                var read = await _stream.ReadAsync(destination[filled..], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"{path} ended after {_stream.Position} bytes");
                }
                filled += read;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _gate.Dispose();
    }
}
