namespace QuantumAgents.ControlPlane.State;

/// <summary>A QKD link, named by its two nodes in order, however a path or a report names it.</summary>
public readonly record struct QkdLink
{
    public QkdLink(string a, string b)
    {
        (A, B) = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
    }

    public string A { get; }

    public string B { get; }

    public override string ToString() => $"{A}–{B}";

    /// <summary>The links a key path crosses, hop by hop.</summary>
    public static IEnumerable<QkdLink> Along(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var i = 1; i < path.Count; i++)
        {
            yield return new QkdLink(path[i - 1], path[i]);
        }
    }
}
