using System.Diagnostics.CodeAnalysis;

namespace QuantumAgents.Contracts;

/// <summary>The resource states' wire words, the only spellings read or written.</summary>
public static class ResourceStates
{
    public static readonly IReadOnlyList<ResourceState> All = Enum.GetValues<ResourceState>();

    /// <summary>What an agent may report for its side.</summary>
    public static readonly IReadOnlyList<ResourceState> Reportable = [ResourceState.Pending, ResourceState.Keying, ResourceState.Established, ResourceState.Failed];

    public static string Name(this ResourceState state) => state switch
    {
        ResourceState.Pending => "pending",
        ResourceState.Keying => "keying",
        ResourceState.Established => "established",
        ResourceState.Failed => "failed",
        ResourceState.Deleting => "deleting",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Exactly one of the wire words: no other case, no number.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ResourceState? state) => (state = All.Cast<ResourceState?>().FirstOrDefault(x => x!.Value.Name() == name)) is not null;

    public static ResourceState Parse(string name) => TryParse(name, out var state) ? state.Value : throw new FormatException($"no resource state '{name}'");

    public static bool IsFinal(this ResourceState state) => state is ResourceState.Established or ResourceState.Failed;
}
