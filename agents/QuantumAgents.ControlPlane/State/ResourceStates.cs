namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// The lifecycle words. A side (one node's agent) goes pending → keying → established, or
/// failed; the resource's state is derived from both sides (see <see cref="ResourceLifecycle"/>).
/// </summary>
public static class ResourceStates
{
    public const string Pending = "pending";
    public const string Keying = "keying";
    public const string Established = "established";
    public const string Failed = "failed";
    public const string Deleting = "deleting";

    /// <summary>What an agent may report for its side.</summary>
    public static readonly IReadOnlyList<string> Reportable = [Pending, Keying, Established, Failed];

    public static bool IsFinal(string state) => state is Established or Failed;
}
