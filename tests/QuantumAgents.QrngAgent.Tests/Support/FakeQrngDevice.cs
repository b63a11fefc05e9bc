using QuantumAgents.QrngAgent.Device;

namespace QuantumAgents.QrngAgent.Tests.Support;

/// <summary>
/// /dev/qrng's semantics in memory: a ring of <c>capacity</c> bytes that takes what fits and is
/// writable at or below a quarter full; a reader empties it each time the feeder waits, and
/// every byte ever written is kept in order in <see cref="Received"/>.
/// </summary>
internal sealed class FakeQrngDevice(long capacity) : IQrngDevice
{
    private readonly Lock _lock = new();
    private readonly List<byte> _received = [];
    private long _level;

    public string Path => "/fake/qrng";

    public long Capacity => capacity;

    public int Writes { get; private set; }

    public byte[] Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public async ValueTask WaitWritableAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _level = 0; // a reader drained it
        }
    }

    public int Write(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            var n = (int)Math.Min(bytes.Length, capacity - _level);
            _received.AddRange(bytes[..n]);
            _level += n;
            Writes++;
            return n;
        }
    }

    public long FillLevel()
    {
        lock (_lock)
        {
            return _level;
        }
    }

    public void Dispose()
    {
    }
}
