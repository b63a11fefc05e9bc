using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Kinds;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>
/// What every kind of service shares at its endpoints: create with <c>?wait=</c>, list, get,
/// delete. Each kind's endpoints pass the kind and how it is shown.
/// </summary>
public static class ResourceHandlers
{
    /// <summary>Answers 201 once <paramref name="creating"/> is stored, after waiting (up to <paramref name="wait"/>) for a final state.</summary>
    public static async Task<IResult> CreatedAsync<TView>(HttpContext http, ControlState state, string path, TimeSpan wait,
        Task<ServiceResource> creating, Func<ServiceResource, ControlState, TView> view)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(creating);
        ArgumentNullException.ThrowIfNull(view);
        var created = await creating.ConfigureAwait(false);
        var current = wait <= TimeSpan.Zero
            ? created
            : await state.WaitAsync(created.Id, r => r is null || ResourceViews.Lifecycle(r, state).State.IsFinal(), wait, http.RequestAborted)
                .ConfigureAwait(false) ?? created;
        return TypedResults.Created($"{path}/{created.Id}", view(current, state));
    }

    public static IReadOnlyList<TView> List<TView>(HttpContext http, ControlState state, IServiceKind kind, Func<ServiceResource, ControlState, TView> view)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(view);
        return [.. state.List(kind, http.Caller()).Select(r => view(r, state))];
    }

    /// <summary>The resource, or 404 alike for one that does not exist and one of another tenant.</summary>
    public static IResult Get<TView>(string id, HttpContext http, ControlState state, IServiceKind kind, Func<ServiceResource, ControlState, TView> view)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(view);
        return state.Find(id, http.Caller(), kind) is { } r ? TypedResults.Ok(view(r, state)) : Problems.Of(404, $"no {kind.Noun} '{id}'");
    }

    /// <summary>202 with the resource while the agents remove it, 204 once gone; <c>?wait=</c> blocks until gone.</summary>
    public static async Task<IResult> DeleteAsync<TView>(string id, HttpContext http, ControlState state, ControlPlaneOptions options, IServiceKind kind,
        string path, Func<ServiceResource, ControlState, TView> view)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(view);
        var wait = QueryValues.Wait(http.Request, options.MaxWaitSeconds);
        var current = await state.RequestDeleteAsync(id, http.Caller(), kind).ConfigureAwait(false);
        if (current is not null && wait > TimeSpan.Zero)
        {
            current = await state.WaitAsync(id, r => r is null, wait, http.RequestAborted).ConfigureAwait(false);
        }
        return current is null ? TypedResults.NoContent() : TypedResults.Accepted($"{path}/{id}", view(current, state));
    }
}
