using Microsoft.Data.Sqlite;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Kinds;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.Store;
using QuantumAgents.Core.Routing;
using QuantumAgents.Core.Storage;

namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// The desired state (tenants, and their services of every kind) and what agents report, in memory for fast
/// reads and in SQLite for restarts. A change is made in memory under one lock, queued for the
/// database in the same order, and acknowledged only once committed; agents are woken after
/// the commit, so they never act on a change that could still be lost.
/// </summary>
public sealed partial class ControlState
{
    private readonly Lock _lock = new();
    private readonly ControlPlaneOptions _options;
    private readonly GroupCommitDatabase<ControlCommands> _database;
    private readonly TimeProvider _time;
    private readonly Action<Exception> _onStoreFailure;
    private readonly Dictionary<string, Tenant> _tenants;
    private readonly Dictionary<string, string> _tenantOfToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceResource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Node, AgentKind Kind), AgentRecord> _agents = [];
    private readonly ServiceKinds _kinds;
    private readonly KeyBudget _budget;
    private long _revision;

    /// <param name="onStoreFailure">Called when a commit fails: the host stops, memory is no longer the truth.</param>
    public ControlState(ControlPlaneOptions options, ServiceKinds kinds, GroupCommitDatabase<ControlCommands> database, StoredState stored, TimeProvider time,
        Action<Exception> onStoreFailure)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stored);
        _options = options;
        _kinds = kinds;
        _database = database;
        _time = time;
        _onStoreFailure = onStoreFailure;
        _tenants = stored.Tenants;
        foreach (var tenant in _tenants.Values)
        {
            tenant.Usage = stored.Usage.GetValueOrDefault(tenant.Name) ?? new TenantUsage();
            foreach (var hash in tenant.TokenHashes)
            {
                _tenantOfToken[hash] = tenant.Name;
            }
        }
        foreach (var resource in stored.Resources)
        {
            _resources[resource.Id] = resource;
        }
        foreach (var agent in stored.Agents)
        {
            _agents[(agent.Node, agent.Kind)] = agent;
        }
        _revision = stored.Revision;
        Work = new WorkNotifier(_revision);
        Topology = new Topology(options.Nodes.SelectMany(n => n.Value.Links.Select(peer => (n.Key, peer))));
        _budget = new KeyBudget(options, Topology, _agents, _resources);
    }

    public WorkNotifier Work { get; }

    public ChangeSignal Changes { get; } = new();

    public Topology Topology { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Must be called under the lock: the next global revision, written with the change that needs it.</summary>
    private long NextRevision() => ++_revision;

    /// <summary>Waits for a queued write; a failed commit stops the control plane and answers 503.</summary>
    private async Task<T> CommittedAsync<T>(Task<T> write)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            _onStoreFailure(e);
            throw new StoreUnavailableException("the control plane cannot write its database and is stopping; see its log", e);
        }
    }
}
