using QuantumAgents.Core.Entropy;

namespace QuantumAgents.Core.Tests.Entropy;

/// <summary>A source whose n-th byte is whatever the test says.</summary>
public sealed class ScriptedEntropySource(Func<long, byte> byteAt) : IEntropySource
{
    private long _position;

    public string Description => "scripted";

    public bool IsQuantum => false;

    public Exception? FailWith { get; set; }

    public ValueTask FillAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }
        foreach (ref var b in destination.Span)
        {
            b = byteAt(_position++);
        }
        return ValueTask.CompletedTask;
    }

    public long Position { get => _position; set => _position = value; }
}
