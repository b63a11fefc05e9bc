using QuantumAgents.Core.Routing;
using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Routing;

/// <summary>The topology a KME's configuration describes: <c>topology</c> when given, else its own links.</summary>
public static class KmeTopology
{
    public static Topology From(KmeOptions options)
    {
        var edges = options.Topology.Count > 0
            ? options.Topology.SelectMany(node => node.Value.Select(neighbour => (node.Key, neighbour)))
            : options.Links.Keys.Select(peer => (options.Node, peer));
        return new Topology(edges);
    }
}
