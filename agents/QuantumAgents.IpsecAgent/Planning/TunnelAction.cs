using QuantumAgents.Contracts;

namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>One step of a plan. <see cref="Work"/> is null only for <see cref="TunnelActionKind.Remove"/>.</summary>
public sealed record TunnelAction(TunnelActionKind Kind, string TunnelId, TunnelWork? Work)
{
    public static TunnelAction Remove(string tunnelId) => new(TunnelActionKind.Remove, tunnelId, null);

    public static TunnelAction For(TunnelActionKind kind, TunnelWork work) => new(kind, work.Id, work);

    public override string ToString() => $"{Kind} {TunnelId}";
}
