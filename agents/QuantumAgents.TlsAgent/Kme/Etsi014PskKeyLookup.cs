using System.Net;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Secrets;
using QuantumAgents.OpenSsl;

namespace QuantumAgents.TlsAgent.Kme;

/// <summary>
/// The server's key lookup through its node's KME: ETSI GS QKD 014 <c>dec_keys</c> as the slave
/// SAE, for the identity's master SAE and key_ID. The KME hands each key out once, so a replayed
/// identity finds nothing.
/// </summary>
public static class Etsi014PskKeyLookup
{
    /// <summary>
    /// 400 and 404 (no such key, expired, not from that master, already delivered) make the
    /// identity unknown, with the KME's reason; anything else — no answer
    /// (<see cref="KmeUnreachableException"/>), 401 (our SAE is not entitled: a configuration
    /// problem), 503 — fails the lookup.
    /// </summary>
    public static PskKeyLookup Create(Etsi014Client kme)
    {
        ArgumentNullException.ThrowIfNull(kme);
        return async (identity, cancellationToken) =>
        {
            Etsi014KeyContainer container;
            try
            {
                container = await kme.GetKeysWithIdsAsync(identity.MasterSaeId, [identity.KeyId], cancellationToken).ConfigureAwait(false);
            }
            catch (Etsi014Exception e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
            {
                throw new UnknownPskIdentityException($"KME {kme.KmeUrl}: {e.KmeMessage}", e);
            }
            return TakeOnly(container, identity.KeyId)
                ?? throw new InvalidDataException($"KME {kme.KmeUrl} answered dec_keys for key_ID {identity.KeyId} without that key");
        };
    }

    /// <summary>The key with <paramref name="keyId"/>; every other key in the answer is zeroed.</summary>
    private static SecretBytes? TakeOnly(Etsi014KeyContainer container, string keyId)
    {
        SecretBytes? taken = null;
        foreach (var key in container.Keys)
        {
            if (taken is null && key.KeyId == keyId)
            {
                taken = key.Key;
            }
            else
            {
                key.Dispose();
            }
        }
        return taken;
    }
}
