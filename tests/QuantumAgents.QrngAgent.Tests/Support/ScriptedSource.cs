using QuantumAgents.Core.Entropy;

namespace QuantumAgents.QrngAgent.Tests.Support;

/// <summary>A source whose byte at each position is known: the tests compare the device against it.</summary>
internal sealed class ScriptedSource(Func<long, byte> byteAt) : IEntropySource
{
    private long _position;

    /// <summary>While set, every fill throws, as a REST appliance that is down.</summary>
    public volatile bool Down;

    public string Description => "scripted test source";

    public bool IsQuantum => false;

    public long Position => Interlocked.Read(ref _position);

    public ValueTask FillAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new IOException("scripted source is down");
        }
        var span = destination.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = byteAt(_position + i);
        }
        Interlocked.Add(ref _position, span.Length);
        return ValueTask.CompletedTask;
    }

    /// <summary>Good bytes: a seeded PRNG, the same for every run and every call.</summary>
    public static byte[] GoodBytes(int count, int seed = 1)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
