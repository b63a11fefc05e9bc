namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// A TLS session as the user asked for it: the client node's agent listens on <see cref="Listen"/>,
/// the server node's agent connects to <see cref="Target"/>.
/// </summary>
public sealed record TlsSessionSpec(string ClientNode, string ServerNode, int Listen, string Target);
