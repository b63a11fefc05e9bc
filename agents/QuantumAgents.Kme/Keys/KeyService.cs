using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Routing;
using QuantumAgents.Kme.Api;
using QuantumAgents.Kme.Forwarding;
using QuantumAgents.Kme.Limits;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Keys;

/// <summary>
/// The master SAE's side of ETSI GS QKD 014 (status, enc_keys): take key from the blocks of the
/// link this KME owns, record the use, tell the slave's KME which stream ranges became which key
/// IDs, and only then answer. <see cref="SlaveKeyService"/> is the other side. What a master SAE
/// draws is charged to its draw limit (<see cref="SaeDrawLimits"/>) before any key is taken.
/// </summary>
public sealed partial class KeyService(
    KmeOptions options, LinkRegistry links, Topology topology, ForwardingService forwarding, OwnKeyDraw draw, KmeStore store, SaeDrawLimits limits, TimeProvider time,
    ILogger<KeyService> logger)
{
    public async Task<Etsi014Status> StatusAsync(string masterSae, string slaveSae)
    {
        var path = PathTo(slaveSae);
        if (path.Count > 2)
        {
            return await VirtualStatusAsync(masterSae, slaveSae, path).ConfigureAwait(false);
        }
        var link = links.ByPeer(path[1])!;
        var keys = options.Keys;
        return new Etsi014Status
        {
            SourceKmeId = options.EffectiveKmeId,
            TargetKmeId = "kme-" + link.PeerNode,
            MasterSaeId = masterSae,
            SlaveSaeId = slaveSae,
            KeySize = keys.DefaultSize,
            StoredKeyCount = link.Own.AvailableBytes * 8 / keys.DefaultSize,
            MaxKeyCount = link.Options.Source.PoolBits / keys.DefaultSize,
            MaxKeyPerRequest = keys.MaxPerRequest,
            MaxKeySize = keys.MaxSize,
            MinKeySize = keys.MinSize,
            MaxSaeIdCount = keys.MaxSaeIdCount,
            StatusExtension = LinkStatusExtension.For(link),
        };
    }

    public async Task<Etsi014KeyContainer> EncKeysAsync(string masterSae, string slaveSae, Etsi014KeyRequest request)
    {
        var path = PathTo(slaveSae);
        var (number, sizeBits) = KeyRequestValidator.Validate(request, options.Keys);
        var slaves = SlavesOf(path[^1], slaveSae, request.AdditionalSlaveSaeIds ?? [], masterSae);
        string[] keyIds = [.. Enumerable.Range(0, number).Select(_ => Guid.NewGuid().ToString())];
        return await ChargedAsync(masterSae, (long)number * sizeBits, () => IssueAsync(path, masterSae, slaves, keyIds, sizeBits)).ConfigureAwait(false);
    }

    /// <summary>
    /// Keys under IDs the caller chose, for one slave SAE, living at most <paramref name="ttlSeconds"/>
    /// at the slave's KME: the chunks of an ETSI 004 stream, charged to its source SAE.
    /// </summary>
    public async Task<Etsi014KeyContainer> IssueNamedAsync(string masterSae, string slaveSae, IReadOnlyList<string> keyIds, int sizeBits, int ttlSeconds)
    {
        var path = PathTo(slaveSae);
        return await ChargedAsync(masterSae, (long)keyIds.Count * sizeBits, () => IssueAsync(path, masterSae, [slaveSae], keyIds, sizeBits, ttlSeconds)).ConfigureAwait(false);
    }

    /// <summary>The path to an SAE's node ([this node, …, theirs]), or null when there is none.</summary>
    public IReadOnlyList<string>? TryPathTo(string sae)
    {
        try
        {
            return PathTo(sae);
        }
        catch (EtsiProblemException)
        {
            return null;
        }
    }

    /// <summary>
    /// Charges the master SAE's draw limit, then issues; a refusal (429, or 400 beyond its burst)
    /// comes before any key is taken. A draw that fails costs the SAE nothing: it got no key.
    /// </summary>
    private async Task<Etsi014KeyContainer> ChargedAsync(string masterSae, long bits, Func<Task<Etsi014KeyContainer>> issue)
    {
        limits.Charge(masterSae, bits);
        try
        {
            return await issue().ConfigureAwait(false);
        }
        catch
        {
            limits.Refund(masterSae, bits);
            throw;
        }
    }

    private async Task<Etsi014KeyContainer> IssueAsync(IReadOnlyList<string> path, string masterSae, IReadOnlyList<string> slaves, IReadOnlyList<string> keyIds, int sizeBits, int? ttlSeconds = null)
    {
        if (path.Count > 2)
        {
            return await forwarding.OriginateAsync(path, masterSae, slaves, keyIds, sizeBits, ttlSeconds).ConfigureAwait(false);
        }
        var link = links.ByPeer(path[1])!;
        try
        {
            return await IssueOverLinkAsync(link, masterSae, slaves, keyIds, sizeBits, ttlSeconds).ConfigureAwait(false);
        }
        catch (PeerRefusedException e)
        {
            // The peer does not hold the ranges (it lost a write, or holds a block this KME never
            // stored). It stored none of the keys and burned every range named, as we did; one
            // retry draws fresh ranges, so fresh keys, for the same key IDs.
            LogPeerRefused(link.Name, e.Message);
            return await IssueOverLinkAsync(link, masterSae, slaves, keyIds, sizeBits, ttlSeconds).ConfigureAwait(false);
        }
    }

    private async Task<Etsi014KeyContainer> IssueOverLinkAsync(QkdLink link, string masterSae, IReadOnlyList<string> slaves, IReadOnlyList<string> keyIds, int sizeBits, int? ttlSeconds)
    {
        var number = keyIds.Count;
        var taken = await draw.TakeAsync(link, number, sizeBits / 8).ConfigureAwait(false)
            ?? throw EtsiProblemException.Unavailable(
                $"not enough key material on link {link.Name}: {link.Own.AvailableBytes * 8} bits available, {(long)number * sizeBits} requested");
        var keys = taken.Select((k, i) => new Etsi014Key { KeyId = keyIds[i], Key = k.Material }).ToList();
        var container = new Etsi014KeyContainer { Keys = keys };
        try
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            // Recording the use and telling the peer run side by side; the SAE gets the keys only
            // once both are durable. Should we crash in between, the ranges are below the
            // reserved mark (OwnKeyDraw) and burned at the restart: they never serve again.
            var recorded = store.WriteAsync(t =>
            {
                for (var i = 0; i < keys.Count; i++)
                {
                    foreach (var range in taken[i].Ranges)
                    {
                        t.UsePoolRange(link.Name, range, StreamUse.Assigned, keys[i].KeyId, now);
                    }
                    t.RecordDelivery(keys[i].KeyId, masterSae, LedgerRole.Master, link.Name, sizeBits, now);
                }
                return 0;
            });
            var assigned = link.Assignments.AssignAsync(new Assignment
            {
                MasterSaeId = masterSae,
                SlaveSaeIds = slaves,
                TtlSeconds = ttlSeconds,
                Keys = [.. keys.Select((k, i) => new AssignedKey { KeyId = k.KeyId, Ranges = [.. taken[i].Ranges.Select(r => new[] { r.Start, r.Length })] })],
            });
            await Task.WhenAll(recorded, assigned).ConfigureAwait(false);
            link.CountKeyDrawn((long)number * sizeBits / 8);
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
            throw EtsiProblemException.UnavailableOutcomeUnknown($"the KME of node {link.PeerNode} did not answer ({e.Message}); no key was issued");
        }
        catch
        {
            container.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A virtual pair: what can be served is what the scarcest hop can carry, each key costing
    /// its own length plus a MAC key on every hop.
    /// </summary>
    private async Task<Etsi014Status> VirtualStatusAsync(string masterSae, string slaveSae, IReadOnlyList<string> path)
    {
        PathCapacity capacity;
        try
        {
            capacity = await forwarding.PathCapacityAsync(path[^1]).ConfigureAwait(false);
        }
        catch (PeerUnreachableException e)
        {
            throw EtsiProblemException.Unavailable($"cannot read the path to node {path[^1]}: {e.Message}");
        }
        var keys = options.Keys;
        var perKey = keys.DefaultSize / 8 + Forwarding.PolynomialMac.KeyBytes;
        return new Etsi014Status
        {
            SourceKmeId = options.EffectiveKmeId,
            TargetKmeId = "kme-" + path[^1],
            MasterSaeId = masterSae,
            SlaveSaeId = slaveSae,
            KeySize = keys.DefaultSize,
            StoredKeyCount = capacity.AvailableBytes / perKey,
            MaxKeyCount = capacity.CapacityBytes / perKey,
            MaxKeyPerRequest = keys.MaxPerRequest,
            MaxKeySize = keys.MaxSize,
            MinKeySize = keys.MinSize,
            MaxSaeIdCount = keys.MaxSaeIdCount,
            StatusExtension = VirtualStatusExtension.For(path, forwarding.EntropyDescription),
        };
    }

    /// <summary>[this node, …, the slave's node]: two entries for a direct link, more through relays.</summary>
    private IReadOnlyList<string> PathTo(string slaveSae)
    {
        if (!options.Saes.TryGetValue(slaveSae, out var sae))
        {
            throw EtsiProblemException.BadRequest($"unknown SAE '{slaveSae}'");
        }
        if (sae.Node == options.Node)
        {
            throw EtsiProblemException.BadRequest($"SAE '{slaveSae}' is on this node ({options.Node}); QKD keys are shared with SAEs of other nodes");
        }
        if (links.ByPeer(sae.Node) is not null)
        {
            return [options.Node, sae.Node];
        }
        return topology.PathBetween(options.Node, sae.Node) is { Count: > 2 } path && links.ByPeer(path[1]) is not null
            ? path
            : throw EtsiProblemException.BadRequest($"SAE '{slaveSae}' is on node {sae.Node}, and there is no QKD link or path from {options.Node} to it");
    }

    private List<string> SlavesOf(string slaveNode, string slaveSae, IReadOnlyList<string> additional, string masterSae)
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
            if (sae.Node != slaveNode)
            {
                throw EtsiProblemException.BadRequest($"additional_slave_SAE_IDs: '{extra}' is on node {sae.Node}, not on {slaveNode} with '{slaveSae}'");
            }
            slaves.Add(extra);
        }
        return slaves;
    }

    [LoggerMessage(LogLevel.Debug, "issued {Number} key(s) of {Bits} bits to master SAE {Master} for {Slaves} on link {Link}")]
    private partial void LogIssued(int number, int bits, string master, string slaves, string link);

    [LoggerMessage(LogLevel.Warning, "link {Link}: peer refused an assignment, ranges discarded, retrying once: {Reason}")]
    private partial void LogPeerRefused(string link, string reason);
}
