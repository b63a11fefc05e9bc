namespace QuantumAgents.Cli.Api;

/// <summary>One end of a key round trip: where the key was taken and its SHA-256.</summary>
/// <param name="Operation"><c>enc_keys</c> at the master's KME, <c>dec_keys</c> at the slave's.</param>
public sealed record KeyEndView(string Node, string SaeId, string KmeUrl, string Operation, string Sha256);
