using System.Text.Json;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Store;

public sealed partial class ControlCommands
{
    /// <summary>Inserts a resource and its sides; <paramref name="spec"/> is its spec as its kind writes it (<see cref="Kinds.IServiceKind.WriteSpec"/>).</summary>
    public void InsertResource(ServiceResource resource, string spec)
    {
        ArgumentNullException.ThrowIfNull(resource);
        Command("INSERT INTO resources (id, kind, tenant, spec, created_at) VALUES ($id, $kind, $tenant, $spec, $at)",
            ("$id", resource.Id), ("$kind", resource.Kind.Name()), ("$tenant", resource.Tenant), ("$spec", spec),
            ("$at", Millis(resource.CreatedAt))).ExecuteNonQuery();
        for (var position = 0; position < resource.Sides.Count; position++)
        {
            UpdateSide(resource.Id, position, resource.Sides[position]);
        }
    }

    /// <summary>Writes a side as it is now (insert or replace); <paramref name="side"/> must be a copy the caller no longer changes.</summary>
    public void UpdateSide(string resourceId, int position, ResourceSide side) =>
        Command("""
                INSERT INTO sides (resource_id, position, node, role, state, reason, key_id, details, present, updated_at)
                VALUES ($id, $position, $node, $role, $state, $reason, $key, $details, $present, $at)
                ON CONFLICT (resource_id, position) DO UPDATE SET state = excluded.state, reason = excluded.reason,
                    key_id = excluded.key_id, details = excluded.details, present = excluded.present, updated_at = excluded.updated_at
                """,
            ("$id", resourceId), ("$position", position), ("$node", side.Node), ("$role", side.Role), ("$state", side.State.Name()),
            ("$reason", side.Reason), ("$key", side.KeyId), ("$details", side.Details?.GetRawText()), ("$present", side.Present ? 1 : 0),
            ("$at", side.UpdatedAt is { } at ? Millis(at) : null)).ExecuteNonQuery();

    public void MarkDeleting(string resourceId, DateTimeOffset since) =>
        Command("UPDATE resources SET deleting_since = $at WHERE id = $id", ("$id", resourceId), ("$at", Millis(since))).ExecuteNonQuery();

    public void DeleteResource(string resourceId) => Command("DELETE FROM resources WHERE id = $id", ("$id", resourceId)).ExecuteNonQuery();

    public void UpsertAgent(AgentRecord agent) =>
        Command("""
                INSERT INTO agents (node, kind, version, facts, links, last_seen) VALUES ($node, $kind, $version, $facts, $links, $at)
                ON CONFLICT (node, kind) DO UPDATE SET version = excluded.version, facts = excluded.facts, links = excluded.links,
                    last_seen = excluded.last_seen
                """,
            ("$node", agent.Node), ("$kind", agent.Kind.Name()), ("$version", agent.Version),
            ("$facts", JsonSerializer.Serialize(new Dictionary<string, string>(agent.Facts), StoreJsonContext.Default.DictionaryStringString)),
            ("$links", JsonSerializer.Serialize(agent.Links.ToList(), StoreJsonContext.Default.ListLinkFact)),
            ("$at", Millis(agent.LastSeen))).ExecuteNonQuery();
}
