using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// The revision of each agent's work (node and kind) and the long polls waiting on it. A
/// revision is the global change counter at the last change that touched that agent's work,
/// so it only grows, also across restarts.
/// </summary>
public sealed class WorkNotifier(long startRevision)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Node, AgentKind Kind), Entry> _entries = [];

    public long Current(string node, AgentKind kind)
    {
        lock (_lock)
        {
            return EntryOf(node, kind).Revision;
        }
    }

    /// <summary>Marks the agents' work as changed at <paramref name="revision"/> and wakes their long polls.</summary>
    public void Publish(long revision, IEnumerable<(string Node, AgentKind Kind)> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        lock (_lock)
        {
            foreach (var (node, kind) in agents)
            {
                var entry = EntryOf(node, kind);
                if (revision > entry.Revision)
                {
                    entry.Revision = revision;
                    entry.Changed.TrySetResult();
                    entry.Changed = NewSignal();
                }
            }
        }
    }

    /// <summary>Returns at once when <paramref name="known"/> is not the current revision, else when it changes or the time is up.</summary>
    public async Task<long> WaitAsync(string node, AgentKind kind, long known, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_lock)
        {
            var entry = EntryOf(node, kind);
            if (entry.Revision != known)
            {
                return entry.Revision;
            }
            changed = entry.Changed.Task;
        }
        try
        {
            await changed.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing changed: the agent gets the same revision and polls again.
        }
        return Current(node, kind);
    }

    private Entry EntryOf(string node, AgentKind kind)
    {
        if (!_entries.TryGetValue((node, kind), out var entry))
        {
            _entries[(node, kind)] = entry = new Entry { Revision = startRevision, Changed = NewSignal() };
        }
        return entry;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Entry
    {
        public long Revision { get; set; }

        public required TaskCompletionSource Changed { get; set; }
    }
}
