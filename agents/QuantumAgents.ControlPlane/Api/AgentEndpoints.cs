using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Kinds;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>
/// The agent API: an agent long-polls its whole work (level-triggered, with a revision) and
/// reports the state of everything it has. A node's token opens only its own node's routes.
/// </summary>
public static class AgentEndpoints
{
    public const int DefaultWaitSeconds = 30;

    public static void MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/v1/agents/{node}/{kind}").WithTags("Agent API").RequireCaller(CallerRole.Node)
            .AddEndpointFilter(async (context, next) =>
            {
                var node = (string)context.HttpContext.GetRouteValue("node")!;
                var kind = (string)context.HttpContext.GetRouteValue("kind")!;
                if (context.HttpContext.Caller().Name != node)
                {
                    return Problems.Forbidden($"the token of node {context.HttpContext.Caller().Name} may not act for node '{node}'");
                }
                return AgentKinds.TryParse(kind, out _)
                    ? await next(context).ConfigureAwait(false)
                    : Problems.Of(404, $"kind: no agent kind '{kind}' (kinds: {string.Join(", ", AgentKinds.All.Select(k => k.Name()))})");
            });
        agents.MapGet("/work", async (string node, string kind, HttpContext http, ControlState state, ControlPlaneOptions options, ServiceKinds kinds) =>
            {
                var known = QueryValues.WholeNumber(http.Request, "revision", -1, -1, long.MaxValue);
                var wait = QueryValues.Number(http.Request, "wait", DefaultWaitSeconds, 0, options.MaxWaitSeconds);
                await state.Work.WaitAsync(node, KindOf(kind), known, TimeSpan.FromSeconds(wait), http.RequestAborted).ConfigureAwait(false);
                return TypedResults.Ok(Work(node, KindOf(kind), state, options, kinds));
            })
            .Produces<WorkView>().WithSummary("Long-poll this agent's work: answers at once when ?revision= is not current, else on change or after ?wait= seconds");
        agents.MapPut("/status", async (string node, string kind, HttpContext http, ControlState state) =>
            {
                var report = RequestValidator.AgentStatus(await JsonBody.ReadAsync(http.Request, ControlJsonContext.Default.AgentStatusRequest).ConfigureAwait(false));
                var unknown = await state.ReportAsync(node, KindOf(kind), report).ConfigureAwait(false);
                return TypedResults.Ok(new StatusAccepted(state.Work.Current(node, KindOf(kind)), unknown));
            })
            .Accepts<AgentStatusRequest>("application/json").Produces<StatusAccepted>()
            .WithSummary("Report heartbeat, facts and the state of every resource this agent has");
    }

    private static WorkView Work(string node, AgentKind kind, ControlState state, ControlPlaneOptions options, ServiceKinds kinds)
    {
        var (revision, resources) = state.WorkOf(node, kind);
        var empty = new WorkView(revision, node, kind, null, null);
        return kinds.Served(kind) is { } served ? served.Work(empty, node, resources) with { Links = LinksOf(node, kind, options) } : empty;
    }

    /// <summary>The route's kind, which the group's filter has checked.</summary>
    private static AgentKind KindOf(string kind) => AgentKinds.TryParse(kind, out var parsed) ? parsed.Value : throw new ArgumentOutOfRangeException(nameof(kind), kind, null);

    /// <summary>The node's QKD links, each with the peer's SAE of this kind: the agent reads their key levels at its KME.</summary>
    private static List<LinkPeer> LinksOf(string node, AgentKind kind, ControlPlaneOptions options) =>
        [.. options.Nodes[node].Links.Order(StringComparer.Ordinal).Select(peer => new LinkPeer(peer, ResourceViews.SaeOf(peer, kind)))];
}
