using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Protocol;

/// <summary>One decoded segment: its type, its name (named types only) and its message (types that carry one).</summary>
public sealed record ViciPacket(ViciPacketType Type, string? Name, ViciSection? Message);
