using System.Collections.Concurrent;
using QuantumAgents.Core.Secrets;
using QuantumAgents.OpenSsl;
using QuantumAgents.TlsAgent.Kme;
using QuantumAgents.TlsAgent.Proxy;

namespace QuantumAgents.TlsAgent.Tests.Support;

/// <summary>
/// Both KMEs of a link in memory, with ETSI 014's rules that matter here: <c>enc_keys</c> makes a
/// new random key with a new key_ID, <c>dec_keys</c> hands it to the named slave once.
/// </summary>
public sealed class InMemoryKeyStore : IPskKeySource
{
    private readonly ConcurrentDictionary<string, (string Master, string Slave, byte[] Key)> _keys = new();
    private readonly ConcurrentQueue<string> _issued = new();
    private readonly ConcurrentQueue<string> _redeemed = new();

    /// <summary>When set, <c>enc_keys</c> fails with it (a KME that is down).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, <c>enc_keys</c> answers only once it completes (a slow KME).</summary>
    public Task? Slow { get; set; }

    public IReadOnlyCollection<string> Issued => _issued;

    public IReadOnlyCollection<string> Redeemed => _redeemed;

    public async Task<TakenPsk> TakeAsync(string localSae, string remoteSae, CancellationToken cancellationToken)
    {
        if (Slow is { } slow)
        {
            await slow.WaitAsync(cancellationToken);
        }
        if (Failure is { } failure)
        {
            throw failure;
        }
        var keyId = Guid.NewGuid().ToString();
        var key = SecretBytes.Random(32);
        _keys[keyId] = (localSae, remoteSae, key.AsSpan().ToArray());
        _issued.Enqueue(keyId);
        return new TakenPsk(new PskIdentity(localSae, keyId), key);
    }

    /// <summary>The server's lookup for the slave SAE <paramref name="slaveSae"/>.</summary>
    public PskKeyLookup LookupFor(string slaveSae) => (identity, cancellationToken) =>
    {
        if (_keys.TryGetValue(identity.KeyId, out var entry) && entry.Master == identity.MasterSaeId && entry.Slave == slaveSae
            && _keys.TryRemove(identity.KeyId, out _))
        {
            _redeemed.Enqueue(identity.KeyId);
            return ValueTask.FromResult<SecretBytes?>(SecretBytes.CopyFrom(entry.Key));
        }
        return ValueTask.FromResult<SecretBytes?>(null);
    };
}
