namespace QuantumAgents.Kme.Pool;

/// <summary>A span of a link's key stream, in bytes from the first block the link ever produced.</summary>
public readonly record struct KeyRange(long Start, int Length)
{
    public long End => Start + Length;

    public override string ToString() => $"[{Start},{End})";
}
