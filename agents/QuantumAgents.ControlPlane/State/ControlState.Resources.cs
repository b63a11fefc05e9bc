using System.Security.Cryptography;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.State;

public sealed partial class ControlState
{
    /// <summary>
    /// Stores a tunnel (the spec already validated on its own) once it lies within the tenant's
    /// boundaries, conflicts with no other and its key draw fits the links and the tenant's quota.
    /// </summary>
    public Task<ServiceResource> CreateTunnelAsync(string tenant, TunnelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // Here, not at an endpoint: every way to create a tunnel (the compat GET too) passes.
        _boundaries.CheckTunnel(tenant, spec);
        return CreateAsync(tenant, ResourceKind.Ipsec, "tun-", [new ResourceSide(spec.A, "initiator"), new ResourceSide(spec.B, "responder")],
            spec, null, KeyDraw.Of(spec, _options.KeyBudget.KeyBits),
            others => TunnelConflicts.Find(spec, tenant, others.Where(r => r.Tunnel is not null).Select(r => (r.Id, r.Tenant, r.Tunnel!))));
    }

    /// <summary>Stores a TLS session once its listening port is free on the client node and its key draw fits.</summary>
    public Task<ServiceResource> CreateTlsSessionAsync(string tenant, TlsSessionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _boundaries.CheckTlsSession(tenant, spec);
        return CreateAsync(tenant, ResourceKind.Tls, "tls-", [new ResourceSide(spec.ClientNode, "client"), new ResourceSide(spec.ServerNode, "server")],
            null, spec, KeyDraw.Of(spec, _options.KeyBudget.KeyBits),
            others => others.FirstOrDefault(r => r.Tls is { } t && t.ClientNode == spec.ClientNode && t.Listen == spec.Listen) is { } taken
                // Another tenant's session is not named: its id is none of the caller's business.
                ? $"listen: port {spec.Listen} on {spec.ClientNode} is used by {(taken.Tenant == tenant ? taken.Id : "another session")}"
                : null);
    }

    private async Task<ServiceResource> CreateAsync(string tenant, ResourceKind kind, string idPrefix, ResourceSide[] sides,
        TunnelSpec? tunnel, TlsSessionSpec? tls, double draw, Func<IEnumerable<ServiceResource>, string?> findConflict)
    {
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
            if (findConflict(_resources.Values) is { } conflict)
            {
                throw RequestRefusedException.Conflict(conflict);
            }
            if (QuotaRefusal(owner, draw) is { } quota)
            {
                throw RequestRefusedException.TooManyRequests(quota.Message, quota.RetryAfterSeconds);
            }
            if (LinkRefusal(draw, sides[0].Node, sides[1].Node) is { } overBudget)
            {
                throw RequestRefusedException.Conflict(overBudget);
            }
            resource = new ServiceResource
            {
                Id = idPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                Kind = kind,
                Tenant = tenant,
                CreatedAt = Now,
                Tunnel = tunnel,
                Tls = tls,
                Sides = sides,
            };
            _resources[resource.Id] = resource;
            var created = new TenantUsage { TunnelsCreated = kind == ResourceKind.Ipsec ? 1 : 0, SessionsCreated = kind == ResourceKind.Tls ? 1 : 0 };
            owner.Usage.TunnelsCreated += created.TunnelsCreated;
            owner.Usage.SessionsCreated += created.SessionsCreated;
            revision = NextRevision();
            var stored = Copy(resource);
            write = _database.WriteAsync(c =>
            {
                c.InsertResource(stored);
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
    public ServiceResource? Find(string id, Caller caller, ResourceKind kind)
    {
        ArgumentNullException.ThrowIfNull(caller);
        lock (_lock)
        {
            return _resources.GetValueOrDefault(id) is { } r && r.Kind == kind && Sees(caller, r) ? Copy(r) : null;
        }
    }

    public IReadOnlyList<ServiceResource> List(ResourceKind kind, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        lock (_lock)
        {
            return [.. _resources.Values.Where(r => r.Kind == kind && Sees(caller, r)).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(Copy)];
        }
    }

    /// <summary>
    /// Marks the resource for deletion; it is gone once neither agent reports it any more (at
    /// once if neither ever did). Returns the resource as it is now, or null when it is gone.
    /// </summary>
    public async Task<ServiceResource?> RequestDeleteAsync(string id, Caller caller, ResourceKind kind)
    {
        ArgumentNullException.ThrowIfNull(caller);
        Task<bool> write;
        long revision;
        ServiceResource resource;
        lock (_lock)
        {
            resource = _resources.GetValueOrDefault(id) is { } r && r.Kind == kind && Sees(caller, r)
                ? r
                : throw RequestRefusedException.NotFound($"no {(kind == ResourceKind.Ipsec ? "tunnel" : "session")} '{id}'");
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
        var draw = KeyDraw.BitsPerSecond(resource, _options.KeyBudget.KeyBits);
        var day = QkdMeter.Day(now);
        var qkdBits = (long)QkdMeter.Bits(resource.CreatedAt, now, draw);
        var qkdDayBits = (long)QkdMeter.BitsOn(day, resource.CreatedAt, now, draw);
        if (_tenants.GetValueOrDefault(resource.Tenant) is { } owner)
        {
            owner.Usage.TunnelSeconds += lifetime.TunnelSeconds;
            owner.Usage.SessionSeconds += lifetime.SessionSeconds;
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
        Work.Publish(revision, resource.Sides.Select(s => (s.Node, resource.Kind.Agent())));
        Changes.Raise();
    }

    private static ServiceResource Copy(ServiceResource r) => new()
    {
        Id = r.Id,
        Kind = r.Kind,
        Tenant = r.Tenant,
        CreatedAt = r.CreatedAt,
        Tunnel = r.Tunnel,
        Tls = r.Tls,
        Sides = [.. r.Sides.Select(s => s.Copy())],
        DeletingSince = r.DeletingSince,
    };
}
