using System.Text.Json.Serialization;

namespace QuantumAgents.Contracts;

/// <summary>
/// The lifecycle words. A side (one node's agent) goes pending → keying → established, or
/// failed; a resource's state is derived from both sides, and is deleting once a user deleted it
/// until both agents confirm. On the wire as the lowercase word (<see cref="ResourceStates"/>).
/// </summary>
[JsonConverter(typeof(ResourceStateConverter))]
public enum ResourceState
{
    Pending,
    Keying,
    Established,
    Failed,
    Deleting,
}
