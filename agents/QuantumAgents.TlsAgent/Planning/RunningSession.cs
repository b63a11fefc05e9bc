using QuantumAgents.Contracts;

namespace QuantumAgents.TlsAgent.Planning;

/// <summary>A session as the agent runs it now: the work it was started from, and whether its listener is up.</summary>
public sealed record RunningSession(TlsSessionWork Work, bool Up);
