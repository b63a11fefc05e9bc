using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.IpsecAgent.Kme;

/// <summary>
/// This node's KME as the agent's SAE (<c>&lt;node&gt;-ipsec</c>) sees it; keys of
/// <paramref name="keyBits"/> (<c>kme.key_bits</c>, 256 by default: the PSK strength IKEv2 with AES-256 wants).
/// </summary>
public sealed class QkdKeys(Etsi014Client kme, int keyBits) : IQkdKeys
{
    /// <summary>As master SAE: <paramref name="count"/> fresh keys shared with <paramref name="remoteSae"/> (enc_keys). Dispose them.</summary>
    public async Task<IReadOnlyList<QkdKey>> TakeAsync(string remoteSae, int count, CancellationToken cancellationToken)
    {
        using var container = await kme.GetKeysAsync(remoteSae, new Etsi014KeyRequest { Number = count, Size = keyBits }, cancellationToken)
            .ConfigureAwait(false);
        return Copy(container, count);
    }

    /// <summary>As slave SAE: the keys <paramref name="masterSae"/> took under <paramref name="keyIds"/> (dec_keys), in that order. Dispose them.</summary>
    public async Task<IReadOnlyList<QkdKey>> FetchAsync(string masterSae, IReadOnlyList<string> keyIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        using var container = await kme.GetKeysWithIdsAsync(masterSae, keyIds, cancellationToken).ConfigureAwait(false);
        var keys = Copy(container, keyIds.Count);
        if (keys.Select(k => k.KeyId).SequenceEqual(keyIds, StringComparer.Ordinal))
        {
            return keys;
        }
        // The order decides which key is the PSK and which the PPK: both sides must agree.
        var byId = keys.ToDictionary(k => k.KeyId, StringComparer.Ordinal);
        if (keyIds.FirstOrDefault(id => !byId.ContainsKey(id)) is { } missing)
        {
            keys.ForEach(k => k.Dispose());
            throw Unexpected($"the KME did not return key {missing}");
        }
        return [.. keyIds.Select(id => byId[id])];
    }

    /// <summary>Copies the keys out; the container (and its copies) is zeroed by the caller's using.</summary>
    private List<QkdKey> Copy(Etsi014KeyContainer container, int expected)
    {
        if (container.Keys.Count != expected)
        {
            throw Unexpected($"expected {expected} key(s), got {container.Keys.Count}");
        }
        return [.. container.Keys.Select(key => new QkdKey(key.KeyId, SecretBytes.CopyFrom(key.Key.AsReadOnlySpan())))];
    }

    private KmeUnreachableException Unexpected(string reason) => new(kme.KmeUrl, reason);
}
