using QuantumAgents.Core.Etsi014;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Keys;

/// <summary>
/// The slave SAEs' side of ETSI GS QKD 014: accept the peer KME's assignments (take the same
/// ranges from the pool, store the keys) and hand each key to each of its slave SAEs once.
/// </summary>
public sealed partial class SlaveKeyService(KmeOptions options, KmeStore store, TimeProvider time, ILogger<SlaveKeyService> logger)
{
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
        // All or nothing: a refusal rolls the whole request back; every key stays available.
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

    /// <summary>
    /// Takes the ranges of each assignment from the blocks the peer owns and stores its keys; one
    /// refusal (or null) per assignment. A refused assignment burns every range it named.
    /// </summary>
    public async Task<AssignBatchResult> AcceptAsync(QkdLink link, AssignBatch batch)
    {
        var results = new PeerRefusal?[batch.Assignments.Count];
        var stored = new List<Task>();
        for (var i = 0; i < batch.Assignments.Count; i++)
        {
            var assignment = batch.Assignments[i];
            var named = assignment.Keys.Select(k => (IReadOnlyList<KeyRange>)[.. k.Ranges.Where(r => r.Length == 2).Select(r => new KeyRange(r[0], (int)r[1]))]).ToList();
            if (Check(link, assignment) is { } problem)
            {
                await link.BurnAsync(named.SelectMany(k => k), store).ConfigureAwait(false);
                results[i] = new PeerRefusal { Message = problem };
                LogRefused(link.Name, problem);
                continue;
            }
            var taken = await link.TakeNamedByPeerAsync(named, store, CancellationToken.None).ConfigureAwait(false);
            if (taken.Taken is { } keys)
            {
                stored.Add(StoreAsync(link, assignment, keys, results, i));
                continue;
            }
            results[i] = new PeerRefusal { Message = $"{taken.Missing.Count} range(s) not in the pool", Unavailable = [.. taken.Missing.Select(r => new[] { r.Start, r.Length })] };
            LogRefused(link.Name, results[i]!.Message);
        }
        await Task.WhenAll(stored).ConfigureAwait(false);
        return new AssignBatchResult { Results = results };
    }

    /// <summary>
    /// One assignment, one write: the batch still shares a commit, but an assignment that cannot
    /// be stored (say, a key ID seen before) is refused alone.
    /// </summary>
    private async Task StoreAsync(QkdLink link, Assignment assignment, IReadOnlyList<TakenKey> keys, PeerRefusal?[] results, int index)
    {
        var now = time.GetUtcNow();
        var expires = now.AddSeconds(Math.Min(options.Keys.TtlSeconds, assignment.TtlSeconds ?? int.MaxValue)).ToUnixTimeSeconds();
        try
        {
            await store.WriteAsync(t =>
            {
                for (var k = 0; k < keys.Count; k++)
                {
                    foreach (var range in keys[k].Ranges)
                    {
                        t.UsePoolRange(link.Name, range, StreamUse.Accepted, assignment.Keys[k].KeyId, now.ToUnixTimeSeconds());
                    }
                    t.InsertKey(assignment.Keys[k].KeyId, link.Name, assignment.MasterSaeId, assignment.SlaveSaeIds, keys[k].Material.AsReadOnlySpan(), expires);
                }
                return 0;
            }).ConfigureAwait(false);
            link.CountKeyDrawn(keys.Sum(k => (long)k.Material.Length));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // Taken from the pool all the same: the master has used these ranges. The failed write
            // left them in the store, so they leave it now, or a restart would bring them back.
            link.CountDiscarded(keys.Sum(k => (long)k.Material.Length));
            await link.BurnAsync(keys.SelectMany(k => k.Ranges), store).ConfigureAwait(false);
            results[index] = new PeerRefusal { Message = $"could not store the keys: {e.Message}" };
            LogRefused(link.Name, results[index]!.Message);
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Material.Dispose();
            }
        }
    }

    /// <summary>What is wrong with an assignment before any key material is touched, or null.</summary>
    private string? Check(QkdLink link, Assignment assignment)
    {
        if (!options.Saes.TryGetValue(assignment.MasterSaeId, out var master) || master.Node != link.PeerNode)
        {
            return $"master SAE '{assignment.MasterSaeId}' is not an SAE of node {link.PeerNode}";
        }
        foreach (var slave in assignment.SlaveSaeIds)
        {
            if (!options.Saes.TryGetValue(slave, out var sae) || sae.Node != options.Node)
            {
                return $"slave SAE '{slave}' is not an SAE of node {options.Node}";
            }
        }
        var maxBytes = options.Keys.MaxSize / 8;
        if (assignment.SlaveSaeIds.Count == 0 || assignment.Keys.Count == 0 || assignment.Keys.Count > options.Keys.MaxPerRequest
            || assignment.Keys.Any(k => string.IsNullOrEmpty(k.KeyId) || k.KeyId.Length > 128 || k.Ranges.Count == 0
                                        || k.Ranges.Any(r => r.Length != 2 || r[0] < 0 || r[1] <= 0 || r[1] > maxBytes)))
        {
            return "malformed assignment (slaves, key IDs or ranges)";
        }
        return null;
    }

    [LoggerMessage(LogLevel.Debug, "delivered {Number} key(s) to slave SAE {Slave} from master SAE {Master}")]
    private partial void LogDelivered(int number, string slave, string master);

    [LoggerMessage(LogLevel.Warning, "link {Link}: refused an assignment from the peer: {Reason}")]
    private partial void LogRefused(string link, string reason);
}
