using System.Buffers.Binary;
using System.Net.Sockets;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Tests;

/// <summary>The server side of one connection to <see cref="FakeCharon"/>.</summary>
internal sealed class FakeCharonConnection(Socket socket, CancellationToken stop) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);

    public Socket Socket => socket;

    /// <summary>The next packet from the client, or null when it hung up.</summary>
    public async Task<ViciPacket?> ReadAsync()
    {
        var header = new byte[4];
        if (await _stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, stop) < 4)
        {
            return null;
        }
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
        await _stream.ReadExactlyAsync(body, stop);
        return ViciPacketDecoder.DecodeSegment(body);
    }

    public async Task WriteAsync(params byte[][] frames)
    {
        foreach (var frame in frames)
        {
            await _stream.WriteAsync(frame, stop);
        }
        await _stream.FlushAsync(stop);
    }

    /// <summary>Stays connected, saying nothing, until the test ends.</summary>
    public Task StallAsync() => Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);

    public void Dispose() => _stream.Dispose();
}
