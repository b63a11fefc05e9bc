using System.Text.Json;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Kinds.TlsSessions;

/// <summary>A port on one node carried over QKD-keyed TLS-PSK to a target behind another, served by the TLS agents.</summary>
public sealed class TlsSessionKind(ControlPlaneOptions options, TenantBoundaries boundaries) : IServiceKind
{
    private readonly TlsSessionBoundaries _boundaries = new(options, boundaries);

    public AgentKind AgentKind => AgentKind.Tls;

    public string Noun => "session";

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapTlsSessionEndpoints(this);

    /// <summary>Stores a TLS session once its target lies within the tenant's boundaries, its listening port is free on the client node and its key draw fits.</summary>
    public Task<ServiceResource> CreateAsync(ControlState state, string tenant, TlsSessionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        _boundaries.Check(tenant, spec);
        return state.CreateAsync(this, tenant, "tls-", spec, [new ResourceSide(spec.ClientNode, "client"), new ResourceSide(spec.ServerNode, "server")],
            others => others.FirstOrDefault(r => r.Spec is TlsSessionSpec t && t.ClientNode == spec.ClientNode && t.Listen == spec.Listen) is { } taken
                // Another tenant's session is not named: its id is none of the caller's business.
                ? $"listen: port {spec.Listen} on {spec.ClientNode} is used by {(taken.Tenant == tenant ? taken.Id : "another session")}"
                : null);
    }

    public string WriteSpec(IServiceSpec spec) => JsonSerializer.Serialize((TlsSessionSpec)spec, TlsSessionStoreJsonContext.Default.TlsSessionSpec);

    public IServiceSpec ReadSpec(string stored) =>
        JsonSerializer.Deserialize(stored, TlsSessionStoreJsonContext.Default.TlsSessionSpec) ?? throw new InvalidDataException("a TLS session's spec is null");

    public TenantUsage Usage(long created, long seconds) => new() { SessionsCreated = created, SessionSeconds = seconds };

    /// <summary>A TLS side reports only its state: each connection takes its own key, no key_ID is handed over.</summary>
    public bool TakeReport(ResourceSide side, SideReport report) => false;

    public WorkView Work(WorkView empty, string node, IReadOnlyList<ServiceResource> resources)
    {
        ArgumentNullException.ThrowIfNull(empty);
        ArgumentNullException.ThrowIfNull(resources);
        return empty with { Sessions = [.. resources.Select(r => TlsSessionViews.Work(r, node, options))] };
    }
}
