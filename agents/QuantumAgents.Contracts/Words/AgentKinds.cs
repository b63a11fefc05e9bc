using System.Diagnostics.CodeAnalysis;

namespace QuantumAgents.Contracts;

/// <summary>The agent kinds' wire names, the only spellings read or written.</summary>
public static class AgentKinds
{
    public static readonly IReadOnlyList<AgentKind> All = Enum.GetValues<AgentKind>();

    public static string Name(this AgentKind kind) => kind switch
    {
        AgentKind.Ipsec => "ipsec",
        AgentKind.Tls => "tls",
        AgentKind.Qrng => "qrng",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Exactly one of the wire words: no other case, no number.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out AgentKind? kind) => (kind = All.Cast<AgentKind?>().FirstOrDefault(x => x!.Value.Name() == name)) is not null;
}
