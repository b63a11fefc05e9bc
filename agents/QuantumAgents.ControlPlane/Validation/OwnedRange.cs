using System.Net;
using QuantumAgents.Core.Net;

namespace QuantumAgents.ControlPlane.Validation;

/// <summary>A range the operator gave to some tenants (parsed once: the options were validated), as the refusals name it.</summary>
public sealed record OwnedRange(string Text, IPNetwork Network, PortRange Ports, IReadOnlySet<string> Tenants);
