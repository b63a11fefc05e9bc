namespace QuantumAgents.Contracts;

/// <summary>A <see cref="ResourceState"/> as its wire word.</summary>
public sealed class ResourceStateConverter : WireNameConverter<ResourceState>
{
    protected override string NameOf(ResourceState value) => value.Name();
}
