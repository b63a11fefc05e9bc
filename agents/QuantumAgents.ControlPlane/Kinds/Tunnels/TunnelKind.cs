using System.Text.Json;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Kinds.Tunnels;

/// <summary>QKD-keyed IPsec tunnels between two nodes' client subnets, served by the IPsec agents.</summary>
public sealed class TunnelKind(ControlPlaneOptions options, TenantBoundaries boundaries) : IServiceKind
{
    private readonly TunnelBoundaries _boundaries = new(options, boundaries);

    public AgentKind AgentKind => AgentKind.Ipsec;

    public string Noun => "tunnel";

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapTunnelEndpoints(this);
        app.MapCompatEndpoints(this);
    }

    /// <summary>
    /// Stores a tunnel (the spec already validated on its own) once it lies within the tenant's
    /// boundaries, conflicts with no other and its key draw fits the links and the tenant's quota.
    /// </summary>
    public Task<ServiceResource> CreateAsync(ControlState state, string tenant, TunnelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        // Here, not at an endpoint: every way to create a tunnel (the compat GET too) passes.
        _boundaries.Check(tenant, spec);
        return state.CreateAsync(this, tenant, "tun-", spec, [new ResourceSide(spec.A, "initiator"), new ResourceSide(spec.B, "responder")],
            others => TunnelConflicts.Find(spec, tenant, others.Select(r => (r.Id, r.Tenant, (TunnelSpec)r.Spec))));
    }

    public string WriteSpec(IServiceSpec spec) => JsonSerializer.Serialize((TunnelSpec)spec, TunnelStoreJsonContext.Default.TunnelSpec);

    public IServiceSpec ReadSpec(string stored) =>
        JsonSerializer.Deserialize(stored, TunnelStoreJsonContext.Default.TunnelSpec) ?? throw new InvalidDataException("a tunnel's spec is null");

    public TenantUsage Usage(long created, long seconds) => new() { TunnelsCreated = created, TunnelSeconds = seconds };

    /// <summary>
    /// The key_ID hand-over: the master's new key_ID goes to the slave, which fetches it; the
    /// key_ID the slave then reports holding goes back to the master, which may use it now.
    /// </summary>
    public bool TakeReport(ResourceSide side, SideReport report)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(report);
        if (report.KeyId is not { } keyId || keyId == side.KeyId)
        {
            return false;
        }
        side.KeyId = keyId;
        return true;
    }

    public WorkView Work(WorkView empty, string node, IReadOnlyList<ServiceResource> resources)
    {
        ArgumentNullException.ThrowIfNull(empty);
        ArgumentNullException.ThrowIfNull(resources);
        return empty with { Tunnels = [.. resources.Select(r => TunnelViews.Work(r, node, options))] };
    }
}
