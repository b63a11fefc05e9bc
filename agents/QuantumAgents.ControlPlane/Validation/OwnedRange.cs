using System.Net;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.Core.Net;

namespace QuantumAgents.ControlPlane.Validation;

/// <summary>A range the operator gave to some tenants, as the refusals name it.</summary>
public sealed record OwnedRange(string Text, IPNetwork Network, PortRange Ports, IReadOnlySet<string> Tenants)
{
    /// <summary>Each node's ranges of one list, parsed once (the options were validated): every request is checked against these.</summary>
    public static Dictionary<string, IReadOnlyList<OwnedRange>> ByNode(ControlPlaneOptions options, Func<ControlNodeOptions, IEnumerable<OwnedRange>> ranges)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ranges);
        return options.Nodes.ToDictionary(n => n.Key, n => (IReadOnlyList<OwnedRange>)[.. ranges(n.Value)], StringComparer.Ordinal);
    }
}
