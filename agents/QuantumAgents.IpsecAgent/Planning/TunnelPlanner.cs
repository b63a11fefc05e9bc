using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>
/// The diff: desired tunnels (the work) against what the agent holds and what charon has, as
/// a list of actions. Pure and deterministic (ordered by tunnel id, removals first), so that
/// running it on the state it produced yields nothing to do.
/// </summary>
public static class TunnelPlanner
{
    public static IReadOnlyList<TunnelAction> Plan(
        IReadOnlyList<TunnelWork> desired, IReadOnlyDictionary<string, HeldTunnel> held, CharonSnapshot charon)
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
            actions.AddRange(mine is null ? Unheld(work, charon) : Held(work, mine, charon));
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

    private static IEnumerable<TunnelAction> Held(TunnelWork work, HeldTunnel mine, CharonSnapshot charon)
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
        // charon restarted and lost it, or the SA went down (the peer restarted): bring it up
        // again with a fresh key, never with the old one, which the responder may not have anymore.
        if (!charon.IsLoaded(work.Id) || (mine.Phase == TunnelPhase.Loaded && !charon.Established.Contains(work.Id)))
        {
            yield return TunnelAction.For(TunnelActionKind.TakeKey, work);
        }
    }
}
