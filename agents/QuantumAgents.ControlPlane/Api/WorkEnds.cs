using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>
/// A resource seen from one of its nodes, as every kind's work names it: this node's side, the
/// peer's side and address, and the two agents' SAEs at their KMEs.
/// </summary>
public sealed record WorkEnds(ResourceSide Local, ResourceSide Remote, string RemoteAddress, string LocalSae, string RemoteSae);
