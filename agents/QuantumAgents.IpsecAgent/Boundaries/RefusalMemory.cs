namespace QuantumAgents.IpsecAgent.Boundaries;

/// <summary>
/// Which refusals were already announced. A refused tunnel stays in the work until it is deleted,
/// so every pass refuses it again; its report says why each time, but the log should say it once,
/// not every poll.
/// </summary>
public sealed class RefusalMemory
{
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);

    /// <summary>
    /// The tunnel ids of <paramref name="refused"/> not announced before, in order; forgets those
    /// no longer refused (deleted), so that one coming back is announced again.
    /// </summary>
    public IReadOnlyList<string> Unannounced(IReadOnlyCollection<string> refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        _announced.IntersectWith(refused);
        return [.. refused.Where(_announced.Add)];
    }
}
