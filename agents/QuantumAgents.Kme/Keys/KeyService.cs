using QuantumAgents.Core.Etsi014;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Keys;

/// <summary>
/// ETSI GS QKD 014 semantics. The master's KME takes key from the link's pool, records the
/// delivery, tells the slave's KME which stream ranges became which key IDs, and only then
/// answers. The slave's KME holds each key until every slave SAE has fetched it once.
/// </summary>
public sealed partial class KeyService(KmeOptions options, LinkRegistry links, KmeStore store, TimeProvider time, ILogger<KeyService> logger)
{
    public Etsi014Status Status(string masterSae, string slaveSae)
    {
        var link = LinkTo(slaveSae);
        var keys = options.Keys;
        return new Etsi014Status
        {
            SourceKmeId = options.EffectiveKmeId,
            TargetKmeId = "kme-" + link.PeerNode,
            MasterSaeId = masterSae,
            SlaveSaeId = slaveSae,
            KeySize = keys.DefaultSize,
            StoredKeyCount = link.Pool.AvailableBytes * 8 / keys.DefaultSize,
            MaxKeyCount = link.Options.Source.PoolBits / keys.DefaultSize,
            MaxKeyPerRequest = keys.MaxPerRequest,
            MaxKeySize = keys.MaxSize,
            MinKeySize = keys.MinSize,
            MaxSaeIdCount = keys.MaxSaeIdCount,
        };
    }

    public async Task<Etsi014KeyContainer> EncKeysAsync(string masterSae, string slaveSae, Etsi014KeyRequest request, CancellationToken cancellationToken)
    {
        var link = LinkTo(slaveSae);
        var (number, sizeBits) = KeyRequestValidator.Validate(request, options.Keys);
        var slaves = SlavesOf(link, slaveSae, request.AdditionalSlaveSaeIds ?? [], masterSae);
        try
        {
            return await IssueAsync(link, masterSae, slaves, number, sizeBits, cancellationToken).ConfigureAwait(false);
        }
        catch (PeerRefusedException e)
        {
            // The pools disagreed (one side lost a write, or both ends met in a nearly empty
            // pool). The ranges were discarded on both sides; one retry draws fresh ones.
            LogPeerRefused(link.Name, e.Message);
            return await IssueAsync(link, masterSae, slaves, number, sizeBits, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Etsi014KeyContainer> DecKeysAsync(string slaveSae, string masterSae, IReadOnlyList<string> keyIds)
    {
        if (keyIds.Count == 0)
        {
            throw EtsiProblemException.BadRequest("key_IDs must name at least one key");
        }
        if (keyIds.Count > options.Keys.MaxPerRequest)
        {
            throw EtsiProblemException.BadRequest($"at most max_key_per_request ({options.Keys.MaxPerRequest}) key_IDs per request, got {keyIds.Count}");
        }
        if (keyIds.Distinct(StringComparer.Ordinal).Count() != keyIds.Count)
        {
            throw EtsiProblemException.BadRequest("key_IDs names a key twice");
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        // All or nothing: one refusal rolls the whole request back, every key stays available.
        var delivered = await store.WriteAsync(t =>
        {
            var keys = new List<Etsi014Key>(keyIds.Count);
            foreach (var keyId in keyIds)
            {
                switch (t.DeliverToSlave(keyId, masterSae, slaveSae, now))
                {
                    case SlaveDelivery.Delivered delivered:
                        keys.Add(new Etsi014Key { KeyId = delivered.KeyId, Key = delivered.Material });
                        break;
                    case SlaveDelivery.Refused refused:
                        foreach (var key in keys)
                        {
                            key.Dispose();
                        }
                        throw refused.Unauthorized ? EtsiProblemException.Unauthorized(refused.Message) : EtsiProblemException.BadRequest(refused.Message);
                }
            }
            return keys;
        }).ConfigureAwait(false);
        LogDelivered(delivered.Count, slaveSae, masterSae);
        return new Etsi014KeyContainer { Keys = delivered };
    }

    /// <summary>The slave side of an assignment from the peer KME: take the same ranges, store the keys.</summary>
    public async Task AcceptAssignmentAsync(QkdLink link, AssignMessage assignment)
    {
        if (!options.Saes.TryGetValue(assignment.MasterSaeId, out var master) || master.Node != link.PeerNode)
        {
            throw new PeerRefusedException(link.PeerNode, $"master SAE '{assignment.MasterSaeId}' is not an SAE of node {link.PeerNode}", []);
        }
        foreach (var slave in assignment.SlaveSaeIds)
        {
            if (!options.Saes.TryGetValue(slave, out var sae) || sae.Node != options.Node)
            {
                throw new PeerRefusedException(link.PeerNode, $"slave SAE '{slave}' is not an SAE of node {options.Node}", []);
            }
        }
        if (assignment.Keys.Count == 0 || assignment.Keys.Any(k => k.Ranges.Count == 0 || k.Ranges.Any(r => r.Length != 2 || r[0] < 0 || r[1] <= 0 || r[1] > options.Keys.MaxSize / 8)))
        {
            throw new PeerRefusedException(link.PeerNode, "malformed key ranges", []);
        }
        var requested = assignment.Keys.Select(k => (IReadOnlyList<KeyRange>)[.. k.Ranges.Select(r => new KeyRange(r[0], (int)r[1]))]).ToList();
        var result = link.Pool.TryTakeExact(requested);
        if (result.Taken is not { } taken)
        {
            // The master discards these ranges; drop whatever part of them we still hold too.
            link.CountDiscarded(link.Pool.Discard(result.Missing));
            throw new PeerRefusedException(link.PeerNode, $"{result.Missing.Count} range(s) not in the pool", result.Missing);
        }
        var expires = time.GetUtcNow().AddSeconds(options.Keys.TtlSeconds).ToUnixTimeSeconds();
        try
        {
            await store.WriteAsync(t =>
            {
                for (var i = 0; i < taken.Count; i++)
                {
                    foreach (var range in taken[i].Ranges)
                    {
                        t.RemovePoolRange(link.Name, range);
                    }
                    t.InsertKey(assignment.Keys[i].KeyId, link.Name, assignment.MasterSaeId, assignment.SlaveSaeIds, taken[i].Material.AsReadOnlySpan(), expires);
                }
                return 0;
            }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var key in taken)
            {
                key.Material.Dispose();
            }
        }
    }

    private async Task<Etsi014KeyContainer> IssueAsync(QkdLink link, string masterSae, IReadOnlyList<string> slaves, int number, int sizeBits, CancellationToken cancellationToken)
    {
        var taken = link.Pool.TryTake(number, sizeBits / 8, link.Side)
            ?? throw EtsiProblemException.Unavailable(
                $"not enough key material on link {link.Name}: {link.Pool.AvailableBytes * 8} bits available, {(long)number * sizeBits} requested");
        var keys = taken.Select(k => new Etsi014Key { KeyId = Guid.NewGuid().ToString(), Key = k.Material }).ToList();
        var container = new Etsi014KeyContainer { Keys = keys };
        try
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            // Durable first: after a crash here the ranges are gone from our pool, so they can
            // never be handed out again, whatever the peer did.
            await store.WriteAsync(t =>
            {
                for (var i = 0; i < keys.Count; i++)
                {
                    foreach (var range in taken[i].Ranges)
                    {
                        t.RemovePoolRange(link.Name, range);
                    }
                    t.RecordDelivery(keys[i].KeyId, masterSae, LedgerRole.Master, link.Name, sizeBits, now);
                }
                return 0;
            }).ConfigureAwait(false);
            await link.Peer.AssignAsync(new AssignMessage
            {
                MasterSaeId = masterSae,
                SlaveSaeIds = slaves,
                Keys = [.. keys.Select((k, i) => new AssignedKey { KeyId = k.KeyId, Ranges = [.. taken[i].Ranges.Select(r => new[] { r.Start, r.Length })] })],
            }, cancellationToken).ConfigureAwait(false);
            LogIssued(number, sizeBits, masterSae, string.Join(",", slaves), link.Name);
            return container;
        }
        catch (PeerRefusedException)
        {
            container.Dispose();
            link.CountDiscarded((long)number * sizeBits / 8);
            throw;
        }
        catch (PeerUnreachableException e)
        {
            container.Dispose();
            link.CountDiscarded((long)number * sizeBits / 8);
            throw EtsiProblemException.Unavailable($"the KME of node {link.PeerNode} is unreachable ({e.Message}); no key was issued");
        }
        catch
        {
            container.Dispose();
            throw;
        }
    }

    private QkdLink LinkTo(string slaveSae)
    {
        if (!options.Saes.TryGetValue(slaveSae, out var sae))
        {
            throw EtsiProblemException.BadRequest($"unknown SAE '{slaveSae}'");
        }
        if (sae.Node == options.Node)
        {
            throw EtsiProblemException.BadRequest($"SAE '{slaveSae}' is on this node ({options.Node}); QKD keys are shared with SAEs of other nodes");
        }
        return links.ByPeer(sae.Node)
            ?? throw EtsiProblemException.BadRequest($"SAE '{slaveSae}' is on node {sae.Node}, which has no QKD link with {options.Node}");
    }

    private List<string> SlavesOf(QkdLink link, string slaveSae, IReadOnlyList<string> additional, string masterSae)
    {
        var slaves = new List<string> { slaveSae };
        foreach (var extra in additional)
        {
            if (extra == masterSae || slaves.Contains(extra))
            {
                throw EtsiProblemException.BadRequest($"additional_slave_SAE_IDs: '{extra}' is the master or already a slave");
            }
            if (!options.Saes.TryGetValue(extra, out var sae))
            {
                throw EtsiProblemException.BadRequest($"additional_slave_SAE_IDs: unknown SAE '{extra}'");
            }
            if (sae.Node != link.PeerNode)
            {
                throw EtsiProblemException.BadRequest($"additional_slave_SAE_IDs: '{extra}' is on node {sae.Node}, not on {link.PeerNode} with '{slaveSae}'");
            }
            slaves.Add(extra);
        }
        return slaves;
    }

    [LoggerMessage(LogLevel.Debug, "issued {Number} key(s) of {Bits} bits to master SAE {Master} for {Slaves} on link {Link}")]
    private partial void LogIssued(int number, int bits, string master, string slaves, string link);

    [LoggerMessage(LogLevel.Debug, "delivered {Number} key(s) to slave SAE {Slave} from master SAE {Master}")]
    private partial void LogDelivered(int number, string slave, string master);

    [LoggerMessage(LogLevel.Warning, "link {Link}: peer refused an assignment, ranges discarded, retrying once: {Reason}")]
    private partial void LogPeerRefused(string link, string reason);
}
