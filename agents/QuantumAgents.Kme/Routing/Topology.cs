namespace QuantumAgents.Kme.Routing;

/// <summary>
/// The QKD network as this KME knows it (static configuration): which nodes share a link.
/// Paths are shortest in hops; among equals, the one through the ordinally smallest nodes, so
/// every KME computes the same path.
/// </summary>
public sealed class Topology
{
    private readonly string _self;
    private readonly Dictionary<string, SortedSet<string>> _neighbours = new(StringComparer.Ordinal);

    public Topology(string self, IEnumerable<(string A, string B)> links)
    {
        _self = self;
        foreach (var (a, b) in links)
        {
            Neighbours(a).Add(b);
            Neighbours(b).Add(a);
        }
    }

    /// <summary>[self, …, destination], or null when no path exists.</summary>
    public IReadOnlyList<string>? PathTo(string destination)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal) { [_self] = _self };
        var frontier = new Queue<string>([_self]);
        while (frontier.TryDequeue(out var node))
        {
            if (node == destination)
            {
                var path = new List<string> { node };
                while (node != _self)
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
