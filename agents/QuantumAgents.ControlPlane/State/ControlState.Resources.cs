using System.Security.Cryptography;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Kinds;

namespace QuantumAgents.ControlPlane.State;

public sealed partial class ControlState
{
    /// <summary>
    /// Stores a service its kind has checked on its own, once its tenant exists, it conflicts
    /// with none of its kind (<paramref name="findConflict"/> names the conflict, or null), and
    /// its key draw fits the tenant's quota and every link of its key path.
    /// </summary>
    public async Task<ServiceResource> CreateAsync(IServiceKind kind, string tenant, string idPrefix, IServiceSpec spec, ResourceSide[] sides,
        Func<IEnumerable<ServiceResource>, string?> findConflict)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sides);
        ArgumentNullException.ThrowIfNull(findConflict);
        var draw = _budget.DrawOf(spec);
        ServiceResource resource;
        Task<bool> write;
        long revision;
        lock (_lock)
        {
            if (!_tenants.TryGetValue(tenant, out var owner))
            {
                throw RequestRefusedException.NotFound($"no tenant '{tenant}'");
            }
            // Deleting resources still hold their subnets and ports until the agents let go.
            if (findConflict(_resources.Values.Where(r => r.Kind == kind.AgentKind)) is { } conflict)
            {
                throw RequestRefusedException.Conflict(conflict);
            }
            if (_budget.QuotaRefusal(owner, draw, Now) is { } quota)
            {
                throw RequestRefusedException.TooManyRequests(quota.Message, quota.RetryAfterSeconds);
            }
            if (_budget.LinkRefusal(draw, sides[0].Node, sides[1].Node) is { } overBudget)
            {
                throw RequestRefusedException.Conflict(overBudget);
            }
            resource = new ServiceResource
            {
                Id = idPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                Kind = kind.AgentKind,
                Tenant = tenant,
                CreatedAt = Now,
                Spec = spec,
                Sides = sides,
            };
            _resources[resource.Id] = resource;
            var created = kind.Usage(1, 0);
            owner.Usage.Add(created);
            revision = NextRevision();
            var stored = Copy(resource);
            var storedSpec = kind.WriteSpec(spec);
            write = _database.WriteAsync(c =>
            {
                c.InsertResource(stored, storedSpec);
                c.AddUsage(tenant, created);
                c.SetRevision(revision);
                return true;
            });
        }
        await CommittedAsync(write).ConfigureAwait(false);
        Published(revision, resource);
        return Snapshot(resource.Id) ?? resource;
    }

    /// <summary>A copy of the resource if <paramref name="caller"/> may see it (its tenant, or the admin).</summary>
    public ServiceResource? Find(string id, Caller caller, IServiceKind kind)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(kind);
        lock (_lock)
        {
            return _resources.GetValueOrDefault(id) is { } r && r.Kind == kind.AgentKind && Sees(caller, r) ? Copy(r) : null;
        }
    }

    public IReadOnlyList<ServiceResource> List(IServiceKind kind, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(kind);
        lock (_lock)
        {
            return [.. _resources.Values.Where(r => r.Kind == kind.AgentKind && Sees(caller, r)).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(Copy)];
        }
    }

    /// <summary>
    /// Marks the resource for deletion; it is gone once neither agent reports it any more (at
    /// once if neither ever did). Returns the resource as it is now, or null when it is gone.
    /// </summary>
    public async Task<ServiceResource?> RequestDeleteAsync(string id, Caller caller, IServiceKind kind)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(kind);
        Task<bool> write;
        long revision;
        ServiceResource resource;
        lock (_lock)
        {
            resource = _resources.GetValueOrDefault(id) is { } r && r.Kind == kind.AgentKind && Sees(caller, r)
                ? r
                : throw RequestRefusedException.NotFound($"no {kind.Noun} '{id}'");
            if (resource.DeletingSince is not null)
            {
                return Copy(resource);
            }
            resource.DeletingSince = Now;
            revision = NextRevision();
            var since = resource.DeletingSince.Value;
            var gone = RemoveIfReleased(resource);
            write = _database.WriteAsync(c =>
            {
                c.MarkDeleting(id, since);
                gone?.Invoke(c);
                c.SetRevision(revision);
                return true;
            });
        }
        await CommittedAsync(write).ConfigureAwait(false);
        Published(revision, resource);
        return Snapshot(id);
    }

    /// <summary>Waits until <paramref name="done"/> holds for the resource (null: it is gone) or the time is up; returns it as it is then.</summary>
    public async Task<ServiceResource?> WaitAsync(string id, Func<ServiceResource?, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(done);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var next = Changes.Next;
            var current = Snapshot(id);
            if (done(current))
            {
                return current;
            }
            try
            {
                await next.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Snapshot(id);
            }
        }
    }

    /// <summary>Whether a side's agent has reported within the timeout.</summary>
    public bool IsAgentHealthy(string node, AgentKind kind)
    {
        lock (_lock)
        {
            return IsHealthy(node, kind);
        }
    }

    private bool IsHealthy(string node, AgentKind kind) =>
        _agents.GetValueOrDefault((node, kind)) is { } agent && Now - agent.LastSeen <= TimeSpan.FromSeconds(_options.AgentTimeoutSeconds);

    private ServiceResource? Snapshot(string id)
    {
        lock (_lock)
        {
            return _resources.GetValueOrDefault(id) is { } r ? Copy(r) : null;
        }
    }

    private static bool Sees(Caller caller, ServiceResource resource) =>
        caller.Role == CallerRole.Admin || (caller.Role == CallerRole.Tenant && caller.Name == resource.Tenant);

    /// <summary>
    /// Under the lock: if a deleting resource is held by neither agent any more, drops it from
    /// memory and returns the database half of the removal (with the tenant's lifetime usage).
    /// </summary>
    private Action<Store.ControlCommands>? RemoveIfReleased(ServiceResource resource)
    {
        if (resource.DeletingSince is null || resource.Sides.Any(s => s.Present))
        {
            return null;
        }
        _resources.Remove(resource.Id);
        var now = Now;
        var lifetime = new TenantUsage();
        AddLifetime(lifetime, resource, now);
        var draw = _budget.DrawOf(resource.Spec);
        var day = QkdMeter.Day(now);
        var qkdBits = (long)QkdMeter.Bits(resource.CreatedAt, now, draw);
        var qkdDayBits = (long)QkdMeter.BitsOn(day, resource.CreatedAt, now, draw);
        if (_tenants.GetValueOrDefault(resource.Tenant) is { } owner)
        {
            owner.Usage.Add(lifetime);
            owner.Usage.QkdBits += qkdBits;
            owner.Usage.QkdDayBits = (owner.Usage.QkdDay == day ? owner.Usage.QkdDayBits : 0) + qkdDayBits;
            owner.Usage.QkdDay = day;
        }
        var id = resource.Id;
        var tenant = resource.Tenant;
        return c =>
        {
            c.DeleteResource(id);
            c.AddUsage(tenant, lifetime);
            c.AddQkdUsage(tenant, qkdBits, day, qkdDayBits);
        };
    }

    private void Published(long revision, ServiceResource resource)
    {
        Work.Publish(revision, resource.Sides.Select(s => (s.Node, resource.Kind)));
        Changes.Raise();
    }

    private static ServiceResource Copy(ServiceResource r) => new()
    {
        Id = r.Id,
        Kind = r.Kind,
        Tenant = r.Tenant,
        CreatedAt = r.CreatedAt,
        Spec = r.Spec,
        Sides = [.. r.Sides.Select(s => s.Copy())],
        DeletingSince = r.DeletingSince,
    };
}
