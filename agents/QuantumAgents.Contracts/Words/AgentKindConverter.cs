namespace QuantumAgents.Contracts;

/// <summary>An <see cref="AgentKind"/> as its wire name.</summary>
public sealed class AgentKindConverter : WireNameConverter<AgentKind>
{
    protected override string NameOf(AgentKind value) => value.Name();
}
