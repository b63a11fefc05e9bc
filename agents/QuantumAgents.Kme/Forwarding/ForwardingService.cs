using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Routing;
using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Forwarding;

/// <summary>
/// Trusted-node forwarding: keys for an SAE whose node has no QKD link with ours. The origin
/// draws fresh keys from its entropy source and sends them hop by hop, each hop one-time-pad
/// encrypted and one-time-MAC authenticated with that hop's QKD key; a relay checks, decrypts,
/// re-encrypts for the next hop and erases its copy; the destination stores the keys for its
/// slave SAEs. The master SAE gets the keys only once the destination holds them.
/// </summary>
public sealed partial class ForwardingService(
    KmeOptions options, LinkRegistry links, Topology topology, OwnKeyDraw draw, KmeStore store, IEntropySource entropy, TimeProvider time, ILogger<ForwardingService> logger)
{
    public string EntropyDescription => entropy.Description;

    /// <summary>The master's side: new keys for SAEs of <c>path[^1]</c>, reached through <c>path[1]</c>.</summary>
    public async Task<Etsi014KeyContainer> OriginateAsync(IReadOnlyList<string> path, string masterSae, IReadOnlyList<string> slaves, IReadOnlyList<string> keyIds, int sizeBits, int? ttlSeconds = null)
    {
        var keyBytes = sizeBits / 8;
        var template = new ForwardMessage
        {
            MessageId = "",
            Origin = options.Node,
            Destination = path[^1],
            MasterSaeId = masterSae,
            SlaveSaeIds = slaves,
            KeyIds = keyIds,
            KeyBytes = keyBytes,
            TtlSeconds = ttlSeconds,
            Ranges = [],
            Ciphertext = [],
            Tag = [],
        };
        var first = links.ByPeer(path[1])!;
        SecretBytes plaintext;
        try
        {
            try
            {
                plaintext = await SendNewKeysAsync(first, template).ConfigureAwait(false);
            }
            catch (PeerRefusedException e) when (!e.OutOfKey)
            {
                // A hop's pools disagreed (say, a block or a write lost as a KME went down): the
                // ranges are burned at both ends of every hop reached, and nothing was stored. One
                // retry, as a new message: new keys under fresh pads on every hop. The same keys
                // again would put two ciphertexts of one plaintext on the wire.
                LogRetrying(e.Message);
                plaintext = await SendNewKeysAsync(first, template).ConfigureAwait(false);
            }
        }
        catch (HopOutOfKeyException e)
        {
            throw EtsiProblemException.Unavailable(e.Message);
        }
        catch (PeerRefusedException e) when (e.OutOfKey)
        {
            throw EtsiProblemException.Unavailable(e.Reason);
        }
        catch (PeerRefusedException e)
        {
            throw EtsiProblemException.Unavailable($"forwarding to node {template.Destination} through {path[1]} was refused ({e.Message}); no key was issued");
        }
        catch (PeerUnreachableException e)
        {
            throw EtsiProblemException.UnavailableOutcomeUnknown($"forwarding to node {template.Destination} through {path[1]} failed ({e.Message}); no key was issued");
        }
        using (plaintext)
        {
            LogOriginated(keyIds.Count, sizeBits, template.Destination, string.Join('>', path));
            return new Etsi014KeyContainer
            {
                Keys = [.. keyIds.Select((id, i) => new Etsi014Key { KeyId = id, Key = SecretBytes.CopyFrom(plaintext.AsReadOnlySpan().Slice(i * keyBytes, keyBytes)) })],
            };
        }
    }

    /// <summary>
    /// Draws fresh keys from the entropy source and sends them as a new message over the first
    /// hop; returns them once the destination holds them (the caller owns and zeroes them).
    /// </summary>
    private async Task<SecretBytes> SendNewKeysAsync(QkdLink first, ForwardMessage template)
    {
        var message = template with { MessageId = Guid.NewGuid().ToString() };
        var plaintext = new SecretBytes(message.KeyIds.Count * message.KeyBytes);
        try
        {
            await entropy.FillAsync(plaintext.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            var virtualLink = VirtualLinkName(message.Origin, message.Destination);
            void RecordDeliveries(StoreTransaction t, long now)
            {
                foreach (var keyId in message.KeyIds)
                {
                    t.RecordDelivery(keyId, message.MasterSaeId, LedgerRole.Master, virtualLink, message.KeyBytes * 8, now);
                }
            }
            await SendAsync(first, message, plaintext, RecordDeliveries).ConfigureAwait(false);
            return plaintext;
        }
        catch
        {
            plaintext.Dispose();
            throw;
        }
    }

    /// <summary>A relay's or the destination's side: check, open, then pass on or store.</summary>
    public async Task ReceiveAsync(QkdLink from, ForwardMessage message)
    {
        var ranges = message.Ranges.Where(r => r.Length == 2).Select(r => new KeyRange(r[0], (int)r[1])).ToList();
        if (Check(message) is { } problem)
        {
            // Whatever the message is, the sender used these ranges: they serve nothing else here.
            await from.BurnAsync(ranges, store).ConfigureAwait(false);
            throw new PeerRefusedException(from.PeerNode, problem, []);
        }
        var (material, missing) = HopCipher.ForOpening(await from.TakeNamedByPeerAsync([ranges], store, CancellationToken.None).ConfigureAwait(false));
        if (material is null)
        {
            LogRejected(message.MessageId, from.Name, "its key material is not in the pool (replayed, or the pools are out of sync)");
            throw new PeerRefusedException(from.PeerNode, "forwarding message refused: its key material is not in the pool (replayed or out of sync)", missing);
        }
        using (material)
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            // The hop's key is used up whatever happens next: a replay finds it gone.
            await store.WriteAsync(t =>
            {
                foreach (var range in material.Ranges)
                {
                    t.UsePoolRange(from.Name, range, StreamUse.Opened, message.MessageId, now);
                }
                return 0;
            }).ConfigureAwait(false);
            from.CountForwarded(material.Material.Length);
            using var plaintext = HopCipher.Open(material, message.Ciphertext, message.Tag, message.AuthenticatedHeader());
            if (plaintext is null)
            {
                LogRejected(message.MessageId, from.Name, "authentication failed (tampered)");
                throw new PeerRefusedException(from.PeerNode, "forwarding message refused: authentication failed", []);
            }
            if (message.Destination == options.Node)
            {
                await StoreKeysAsync(message, plaintext).ConfigureAwait(false);
                return;
            }
            var next = topology.PathBetween(options.Node, message.Destination) is { Count: >= 2 } path ? links.ByPeer(path[1]) : null;
            if (next is null)
            {
                throw new PeerRefusedException(from.PeerNode, $"node {options.Node} has no path to {message.Destination}", []);
            }
            try
            {
                await SendAsync(next, message, plaintext, alsoRecord: null).ConfigureAwait(false);
            }
            catch (HopOutOfKeyException e)
            {
                throw new PeerRefusedException(from.PeerNode, e.Message, [], outOfKey: true);
            }
            LogRelayed(message.MessageId, from.Name, next.Name);
        }
    }

    /// <summary>What the path to <paramref name="destination"/> can carry from here on: our hop and the rest.</summary>
    public async Task<PathCapacity> PathCapacityAsync(string destination)
    {
        var path = topology.PathBetween(options.Node, destination);
        if (path is not { Count: >= 2 } || links.ByPeer(path[1]) is not { } first)
        {
            return new PathCapacity { AvailableBytes = 0, CapacityBytes = 0 };
        }
        var here = new PathCapacity
        {
            AvailableBytes = first.Own.AvailableBytes,
            CapacityBytes = first.Options.Source.PoolBits / 8,
            RateBitsPerSecond = first.Options.Source.RateBitsPerSecond,
        };
        if (path.Count == 2)
        {
            return here;
        }
        var rest = await first.Peer.PathCapacityAsync(destination, CancellationToken.None).ConfigureAwait(false);
        return new PathCapacity
        {
            AvailableBytes = Math.Min(here.AvailableBytes, rest.AvailableBytes),
            CapacityBytes = Math.Min(here.CapacityBytes, rest.CapacityBytes),
            RateBitsPerSecond = Math.Min(here.RateBitsPerSecond, rest.RateBitsPerSecond),
        };
    }

    public static string VirtualLinkName(string a, string b) => string.CompareOrdinal(a, b) < 0 ? $"{a}-{b}" : $"{b}-{a}";

    /// <summary>
    /// Seals <paramref name="plaintext"/> for one hop with key this KME owns on the link (covered
    /// by the reserved mark before it leaves: a pad once on the wire never serves again) and
    /// sends it, recording the use alongside.
    /// </summary>
    private async Task SendAsync(QkdLink link, ForwardMessage template, SecretBytes plaintext, Action<StoreTransaction, long>? alsoRecord)
    {
        var taken = await draw.TakeAsync(link, 1, HopCipher.MaterialBytes(plaintext.Length)).ConfigureAwait(false)
            ?? throw new HopOutOfKeyException(link.Name, link.Own.AvailableBytes * 8, HopCipher.MaterialBytes(plaintext.Length) * 8L);
        using var material = HopMaterial.From(taken[0]);
        var unsealed = template with { Ranges = [.. material.Ranges.Select(r => new[] { r.Start, r.Length })], Ciphertext = [], Tag = [] };
        var (ciphertext, tag) = HopCipher.Seal(material, plaintext.AsReadOnlySpan(), unsealed.AuthenticatedHeader());
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var recorded = store.WriteAsync(t =>
        {
            foreach (var range in material.Ranges)
            {
                t.UsePoolRange(link.Name, range, StreamUse.Sealed, template.MessageId, now);
            }
            alsoRecord?.Invoke(t, now);
            return 0;
        });
        link.CountForwarded(material.Material.Length);
        await Task.WhenAll(recorded, link.Peer.ForwardAsync(unsealed with { Ciphertext = ciphertext, Tag = tag }, CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task StoreKeysAsync(ForwardMessage message, SecretBytes plaintext)
    {
        var expires = time.GetUtcNow().AddSeconds(Math.Min(options.Keys.TtlSeconds, message.TtlSeconds ?? int.MaxValue)).ToUnixTimeSeconds();
        var link = VirtualLinkName(message.Origin, message.Destination);
        await store.WriteAsync(t =>
        {
            for (var i = 0; i < message.KeyIds.Count; i++)
            {
                t.InsertKey(message.KeyIds[i], link, message.MasterSaeId, message.SlaveSaeIds,
                    plaintext.AsReadOnlySpan().Slice(i * message.KeyBytes, message.KeyBytes), expires);
            }
            return 0;
        }).ConfigureAwait(false);
        LogStored(message.KeyIds.Count, message.Origin, message.MessageId);
    }

    /// <summary>What makes a message unusable before any key material is touched, or null.</summary>
    private string? Check(ForwardMessage m)
    {
        var keys = options.Keys;
        if (!options.Saes.TryGetValue(m.MasterSaeId, out var master) || master.Node != m.Origin || m.Origin == options.Node)
        {
            return $"master SAE '{m.MasterSaeId}' is not an SAE of the origin node {m.Origin}";
        }
        if (m.SlaveSaeIds.Count is 0 || m.SlaveSaeIds.Count > keys.MaxSaeIdCount + 1
            || m.SlaveSaeIds.Any(s => !options.Saes.TryGetValue(s, out var sae) || sae.Node != m.Destination))
        {
            return $"slave SAEs must be 1 to {keys.MaxSaeIdCount + 1} SAEs of the destination node {m.Destination}";
        }
        if (m.KeyIds.Count is 0 || m.KeyIds.Count > keys.MaxPerRequest || m.KeyIds.Distinct(StringComparer.Ordinal).Count() != m.KeyIds.Count
            || m.KeyIds.Any(id => string.IsNullOrEmpty(id) || id.Length > 128))
        {
            return "key_IDs: 1 to max_key_per_request distinct IDs";
        }
        if (m.KeyBytes * 8 < keys.MinSize || m.KeyBytes * 8 > keys.MaxSize || m.Ciphertext.Length != m.KeyIds.Count * m.KeyBytes)
        {
            return "key size or ciphertext length does not match";
        }
        if (m.Tag.Length != PolynomialMac.TagBytes || m.Ranges.Count == 0
            || m.Ranges.Any(r => r.Length != 2 || r[0] < 0 || r[1] <= 0 || r[1] > m.Ciphertext.Length + PolynomialMac.KeyBytes)
            || m.Ranges.Sum(r => r[1]) != m.Ciphertext.Length + PolynomialMac.KeyBytes)
        {
            return "malformed tag or key ranges";
        }
        return null;
    }

    [LoggerMessage(LogLevel.Debug, "forwarded {Number} key(s) of {Bits} bits to node {Destination} along {Path}")]
    private partial void LogOriginated(int number, int bits, string destination, string path);

    [LoggerMessage(LogLevel.Debug, "relayed forwarding message {MessageId} from link {From} to link {To}; our copy is erased")]
    private partial void LogRelayed(string messageId, string from, string to);

    [LoggerMessage(LogLevel.Debug, "stored {Number} forwarded key(s) from node {Origin} (message {MessageId})")]
    private partial void LogStored(int number, string origin, string messageId);

    [LoggerMessage(LogLevel.Warning, "a forwarding message was refused ({Reason}); sending new keys once more, under fresh key material")]
    private partial void LogRetrying(string reason);

    [LoggerMessage(LogLevel.Warning, "rejected forwarding message {MessageId} on link {Link}: {Reason}; no key delivered")]
    private partial void LogRejected(string messageId, string link, string reason);
}
