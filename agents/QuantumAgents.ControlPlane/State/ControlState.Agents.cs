using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Store;

namespace QuantumAgents.ControlPlane.State;

public sealed partial class ControlState
{
    /// <summary>Everything an agent should have now (level-triggered), with the revision it reflects.</summary>
    public (long Revision, IReadOnlyList<ServiceResource> Resources) WorkOf(string node, AgentKind kind)
    {
        lock (_lock)
        {
            IReadOnlyList<ServiceResource> resources = [.. _resources.Values
                .Where(r => r.Kind == kind && r.DeletingSince is null && r.Involves(node))
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
                .Select(Copy)];
            return (Work.Current(node, kind), resources);
        }
    }

    /// <summary>A link of a node as the nodes view shows it: rate, promises, measured draw, pool.</summary>
    public LinkBudget BudgetOf(string node, string peer)
    {
        lock (_lock)
        {
            return _budget.Of(node, peer);
        }
    }

    public IReadOnlyList<AgentRecord> AgentsOf(string node)
    {
        lock (_lock)
        {
            return [.. _agents.Values.Where(a => a.Node == node).OrderBy(a => a.Kind.Name(), StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Takes an agent's report: its heartbeat and facts, and the state of every resource it has.
    /// A resource it no longer lists is released on its side; what its kind takes from a report
    /// (a tunnel's key_ID) may wake the peer's agent. Returns the ids it reported that the
    /// control plane does not know (to drop).
    /// </summary>
    public async Task<IReadOnlyList<string>> ReportAsync(string node, AgentKind kind, AgentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var served = _kinds.Served(kind);
        var reported = new Dictionary<string, SideReport>(StringComparer.Ordinal);
        foreach (var side in report.Resources)
        {
            reported[side.Id] = side;
        }
        var writes = new List<Action<ControlCommands>>();
        var peersToWake = new List<(string Node, AgentKind Kind)>();
        var changed = false;
        long revision = 0;
        Task<bool> write;
        lock (_lock)
        {
            var agent = new AgentRecord(node, kind, report.Version, report.Facts, report.Links, Now);
            _agents[(node, kind)] = agent;
            foreach (var link in report.Links)
            {
                _budget.Record(node, link);
            }
            writes.Add(c => c.UpsertAgent(agent));
            foreach (var resource in _resources.Values.Where(r => r.Kind == kind && r.Involves(node)).ToList())
            {
                var position = resource.Sides[0].Node == node ? 0 : 1;
                var side = resource.Sides[position];
                var before = side.Copy();
                if (reported.Remove(resource.Id, out var update))
                {
                    Apply(side, update);
                    // Only a kind an agent serves has resources: served is set here.
                    if (served!.TakeReport(side, update))
                    {
                        peersToWake.Add((resource.Sides[1 - position].Node, kind));
                    }
                }
                else
                {
                    side.Present = false;
                }
                if (SameReport(before, side))
                {
                    continue;
                }
                side.UpdatedAt = Now;
                changed = true;
                var stored = side.Copy();
                var id = resource.Id;
                writes.Add(c => c.UpdateSide(id, position, stored));
                if (RemoveIfReleased(resource) is { } removal)
                {
                    writes.Add(removal);
                }
            }
            if (peersToWake.Count > 0)
            {
                revision = NextRevision();
                var next = revision;
                writes.Add(c => c.SetRevision(next));
            }
            write = _database.WriteAsync(c =>
            {
                foreach (var w in writes)
                {
                    w(c);
                }
                return true;
            });
        }
        await CommittedAsync(write).ConfigureAwait(false);
        if (peersToWake.Count > 0)
        {
            Work.Publish(revision, peersToWake);
        }
        if (changed)
        {
            Changes.Raise();
        }
        return [.. reported.Keys];
    }

    private static void Apply(ResourceSide side, SideReport update)
    {
        side.State = update.State;
        side.Reason = update.Reason;
        side.Details = update.Details;
        side.Present = true;
    }

    private static bool SameReport(ResourceSide a, ResourceSide b) =>
        a.State == b.State && a.Reason == b.Reason && a.KeyId == b.KeyId && a.Present == b.Present
        && (a.Details?.GetRawText() ?? "") == (b.Details?.GetRawText() ?? "");
}
