namespace QuantumAgents.ControlPlane.State;

/// <summary>The agents a node runs, by the name they use in the agent API.</summary>
public static class AgentKinds
{
    public const string Ipsec = "ipsec";
    public const string Tls = "tls";
    public const string Qrng = "qrng";

    public static readonly IReadOnlyList<string> All = [Ipsec, Tls, Qrng];

    public static string Of(ResourceKind kind) => kind == ResourceKind.Ipsec ? Ipsec : Tls;

    public static ResourceKind? ResourceKindOf(string agentKind) => agentKind switch
    {
        Ipsec => ResourceKind.Ipsec,
        Tls => ResourceKind.Tls,
        _ => null,
    };
}
