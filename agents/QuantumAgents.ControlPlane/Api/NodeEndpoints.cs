using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Entropy;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

/// <summary><c>GET /api/v1/nodes</c>: the nodes, their agents and QKD links, and where entropy comes from.</summary>
public static class NodeEndpoints
{
    public static void MapNodeEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/nodes", (ControlState state, ControlPlaneOptions options, EntropyService entropy) => TypedResults.Ok(View(state, options, entropy)))
            .RequireCaller(CallerRole.Tenant, CallerRole.Admin).WithTags("Nodes");

    private static NodesView View(ControlState state, ControlPlaneOptions options, EntropyService entropy)
    {
        var nodes = options.Nodes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n =>
        {
            var agents = state.AgentsOf(n.Key);
            // Each link as the node's latest read of its KME shows it, with its key budget.
            var links = n.Value.Links.Order(StringComparer.Ordinal).Select(peer => Link(peer, state.BudgetOf(n.Key, peer)));
            return new NodeView(n.Key, n.Value.Address, [.. links],
                [.. agents.Select(a => new AgentView(a.Kind, a.Version, a.LastSeen, state.IsAgentHealthy(a.Node, a.Kind), a.Facts))]);
        });
        return new NodesView(new EntropySourceView(entropy.Source.Description, entropy.Source.IsQuantum, entropy.Health), [.. nodes]);
    }

    private static NodeLinkView Link(string peer, LinkBudget budget) =>
        new(peer, budget.Fact?.StoredKeyCount, budget.Fact?.MaxKeyCount, budget.RateBitsPerSecond, Round(budget.CommittedBitsPerSecond),
            budget.DrawnBitsPerSecond is { } drawn ? Round(drawn) : null, budget.Fact?.PoolBits,
            budget.SecondsUntilEmpty is { } seconds ? Math.Round(seconds) : null, budget.Fact?.ProducedBits, budget.Fact?.DrawnBits, budget.Fact?.ReadAt);

    private static double Round(double bitsPerSecond) => Math.Round(bitsPerSecond, 3);
}
