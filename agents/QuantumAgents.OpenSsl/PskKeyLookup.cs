using QuantumAgents.Core.Secrets;

namespace QuantumAgents.OpenSsl;

/// <summary>
/// The server's key lookup: the key of <paramref name="identity"/> (typically ETSI 014
/// <c>dec_keys</c>), or null when the identity is unknown. An exception (e.g. the KME is
/// unreachable) fails the handshake as <see cref="PskTlsError.KeyLookupFailed"/>. The stream
/// takes ownership of the returned key and zeroes it after the handshake.
/// </summary>
public delegate ValueTask<SecretBytes?> PskKeyLookup(PskIdentity identity, CancellationToken cancellationToken);
