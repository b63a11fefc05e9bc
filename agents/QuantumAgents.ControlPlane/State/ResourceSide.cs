using System.Text.Json;
using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.State;

/// <summary>One node's part of a resource, as its agent last reported it.</summary>
public sealed class ResourceSide(string node, string role)
{
    public string Node { get; } = node;

    /// <summary><c>initiator</c>/<c>responder</c> for tunnels, <c>client</c>/<c>server</c> for TLS sessions.</summary>
    public string Role { get; } = role;

    public ResourceState State { get; set; } = ResourceState.Pending;

    public string? Reason { get; set; }

    /// <summary>The ETSI 014 key_ID of IPsec sides: the one the master last took (the slave fetches it), or the one the slave holds (the master may use it).</summary>
    public string? KeyId { get; set; }

    /// <summary>What the agent reports beyond the state (SPIs, counters, connections), shown as is.</summary>
    public JsonElement? Details { get; set; }

    /// <summary>Whether the agent's last report listed the resource: a deleted resource goes once neither side does.</summary>
    public bool Present { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public ResourceSide Copy() => new(Node, Role)
    {
        State = State, Reason = Reason, KeyId = KeyId, Details = Details, Present = Present, UpdatedAt = UpdatedAt,
    };
}
