namespace QuantumAgents.Core.ControlPlane;

/// <summary>One TLS session as one node's TLS agent should have it.</summary>
public sealed record TlsSessionWork(
    string Id, string Role, string LocalNode, string RemoteNode, string RemoteAddress, int Listen, string Target, string LocalSae, string RemoteSae);
