using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.State;

/// <summary>The resource's state, derived from both sides: a pure function, so it is tested as one.</summary>
public static class ResourceLifecycle
{
    /// <param name="isAgentHealthy">Whether the agent serving a side is heard from.</param>
    public static (ResourceState State, string? Reason) Of(ServiceResource resource, Func<ResourceSide, bool> isAgentHealthy)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(isAgentHealthy);
        if (resource.DeletingSince is not null)
        {
            var waiting = resource.Sides.Where(s => s.Present).Select(s => s.Node).ToList();
            return (ResourceState.Deleting, waiting.Count > 0 ? "waiting for " + string.Join(" and ", waiting) + " to remove it" : null);
        }
        if (resource.Sides.FirstOrDefault(s => s.State == ResourceState.Failed) is { } failed)
        {
            return (ResourceState.Failed, $"{failed.Node}: {failed.Reason ?? "failed"}");
        }
        var unhealthy = resource.Sides.FirstOrDefault(s => !isAgentHealthy(s));
        if (resource.Sides.All(s => s.State == ResourceState.Established))
        {
            return (ResourceState.Established, unhealthy is null ? null : $"{unhealthy.Node}: agent not heard from");
        }
        var state = resource.Sides.Any(s => s.State is ResourceState.Keying or ResourceState.Established)
            ? ResourceState.Keying
            : ResourceState.Pending;
        return (state, unhealthy is null ? null : $"{unhealthy.Node}: agent not heard from");
    }
}
