using QuantumAgents.Contracts;

namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>
/// The diff: desired tunnels (the work) against what the agent holds and what charon has, as
/// a list of actions. Pure and deterministic (ordered by tunnel id, removals first), so that
/// running it on the state it produced yields nothing to do. <paramref name="now"/> only decides
/// whether an initiator's fresh key is due.
/// </summary>
public static class TunnelPlanner
{
    public static IReadOnlyList<TunnelAction> Plan(
        IReadOnlyList<TunnelWork> desired, IReadOnlyDictionary<string, HeldTunnel> held, CharonSnapshot charon, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(charon);
        var wanted = desired.ToDictionary(w => w.Id, StringComparer.Ordinal);
        var actions = new List<TunnelAction>();

        // Gone from the work (deleted), or left over in charon from an earlier life: remove.
        foreach (var id in held.Keys.Concat(charon.AllTunnels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!wanted.ContainsKey(id))
            {
                actions.Add(TunnelAction.Remove(id));
            }
        }

        foreach (var work in desired.OrderBy(w => w.Id, StringComparer.Ordinal))
        {
            held.TryGetValue(work.Id, out var mine);
            actions.AddRange(mine is null ? Unheld(work, charon) : Held(work, mine, charon, now));
        }
        return actions;
    }

    /// <summary>A tunnel the agent does not hold: new, or found in charon after the agent restarted.</summary>
    private static IEnumerable<TunnelAction> Unheld(TunnelWork work, CharonSnapshot charon)
    {
        var initiator = work.Role == TunnelRoles.Initiator;
        if (charon.IsLoaded(work.Id) && (!initiator || charon.Established.Contains(work.Id)))
        {
            // A running tunnel survives the agent's restart untouched.
            yield return TunnelAction.For(TunnelActionKind.Adopt, work);
            yield break;
        }
        if (charon.HasAny(work.Id))
        {
            // Half there (a key without its connection, a dead SA): start clean with a fresh key.
            yield return TunnelAction.Remove(work.Id);
        }
        if (initiator)
        {
            yield return TunnelAction.For(TunnelActionKind.TakeKey, work);
        }
        else if (work.KeyId is not null)
        {
            yield return TunnelAction.For(TunnelActionKind.FetchKey, work);
        }
    }

    /// <summary>
    /// Initiators still initiating whose work now carries the key_ID their responder reports
    /// holding: once it is ours, authentication with it succeeds, so <c>initiate</c> should go at
    /// once. Decided from the work alone, so that the reconciler passes it on before it reads charon.
    /// </summary>
    public static IReadOnlyList<TunnelAction> Hurries(IReadOnlyList<TunnelWork> desired, IReadOnlyDictionary<string, HeldTunnel> held)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(held);
        return [.. desired
            .Where(work => work.Role == TunnelRoles.Initiator && work.KeyId is not null
                && held.GetValueOrDefault(work.Id) is { Role: TunnelRoles.Initiator, Phase: TunnelPhase.Initiating } mine && mine.KeyId == work.KeyId)
            .OrderBy(work => work.Id, StringComparer.Ordinal)
            .Select(work => TunnelAction.For(TunnelActionKind.HurryInitiation, work))];
    }

    /// <summary>When the next pass must run so that a due fresh key is not late; null when none is pending.</summary>
    public static DateTimeOffset? NextRekey(IReadOnlyList<TunnelWork> desired, IReadOnlyDictionary<string, HeldTunnel> held)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(held);
        return desired
            .Select(work => held.GetValueOrDefault(work.Id))
            .Where(mine => mine is { Role: TunnelRoles.Initiator, Phase: TunnelPhase.Loaded, RekeyAt: not null })
            .Min(mine => mine!.RekeyAt);
    }

    private static IEnumerable<TunnelAction> Held(TunnelWork work, HeldTunnel mine, CharonSnapshot charon, DateTimeOffset now)
    {
        if (work.Role != mine.Role)
        {
            yield return TunnelAction.Remove(work.Id);
            foreach (var action in Unheld(work, CharonSnapshot.Empty))
            {
                yield return action;
            }
            yield break;
        }
        if (work.Role == TunnelRoles.Responder)
        {
            // A new key_ID means the initiator keyed again: take that key (it replaces ours).
            if (work.KeyId is not null && work.KeyId != mine.KeyId)
            {
                yield return TunnelAction.For(TunnelActionKind.FetchKey, work);
            }
            yield break;
        }
        var established = charon.Established.Contains(work.Id);
        // charon restarted and lost it, or the SA went down (the peer restarted): bring it up
        // again with a fresh key, never with the old one, which the responder may not have anymore.
        if (!charon.IsLoaded(work.Id) || ((mine.Phase is TunnelPhase.Loaded or TunnelPhase.Rekeying) && !established))
        {
            yield return TunnelAction.For(TunnelActionKind.TakeKey, work);
        }
        else if (mine.Phase == TunnelPhase.Rekeying && mine.KeyId is not null && work.KeyId == mine.KeyId)
        {
            yield return TunnelAction.For(TunnelActionKind.Reauthenticate, work);
        }
        else if (mine.Phase == TunnelPhase.Loaded && established && mine.RekeyAt is { } due && now >= due)
        {
            yield return TunnelAction.For(TunnelActionKind.Rekey, work);
        }
    }
}
