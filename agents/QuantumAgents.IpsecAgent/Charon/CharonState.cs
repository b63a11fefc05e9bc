using QuantumAgents.IpsecAgent.Planning;
using QuantumAgents.Vici.Commands;

namespace QuantumAgents.IpsecAgent.Charon;

/// <summary>One read of charon: what of ours is loaded, and our established SAs by tunnel id.</summary>
public sealed record CharonState(CharonSnapshot Snapshot, IReadOnlyDictionary<string, ViciIkeSa> EstablishedSas, string Version);
