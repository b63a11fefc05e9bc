namespace QuantumAgents.Core.Routing;

/// <summary>
/// The QKD network as configured: which nodes share a link.
/// Paths are shortest in hops; among equals, the one through the ordinally smallest nodes, so
/// every KME computes the same path.
/// </summary>
public sealed class Topology
{
    private readonly Dictionary<string, SortedSet<string>> _neighbours = new(StringComparer.Ordinal);

    public Topology(IEnumerable<(string A, string B)> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        foreach (var (a, b) in links)
        {
            Neighbours(a).Add(b);
            Neighbours(b).Add(a);
        }
    }

    /// <summary>[source, …, destination], or null when no path exists.</summary>
    public IReadOnlyList<string>? PathBetween(string source, string destination)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal) { [source] = source };
        var frontier = new Queue<string>([source]);
        while (frontier.TryDequeue(out var node))
        {
            if (node == destination)
            {
                var path = new List<string> { node };
                while (node != source)
                {
                    node = previous[node];
                    path.Add(node);
                }
                path.Reverse();
                return path;
            }
            foreach (var next in _neighbours.GetValueOrDefault(node) ?? [])
            {
                if (previous.TryAdd(next, node))
                {
                    frontier.Enqueue(next);
                }
            }
        }
        return null;
    }

    private SortedSet<string> Neighbours(string node)
    {
        if (!_neighbours.TryGetValue(node, out var set))
        {
            _neighbours[node] = set = new SortedSet<string>(StringComparer.Ordinal);
        }
        return set;
    }
}
