using System.Text.Json;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Kinds;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Store;

public sealed partial class ControlCommands
{
    /// <summary>Everything the control plane keeps, for rebuilding its memory at start-up; each resource's spec read by its kind.</summary>
    public StoredState LoadAll(ServiceKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var state = new StoredState();
        using (var reader = Command("SELECT value FROM meta WHERE key = 'revision'").ExecuteReader())
        {
            state.Revision = reader.Read() ? reader.GetInt64(0) : 0;
        }
        using (var reader = Command("SELECT name, created_at FROM tenants").ExecuteReader())
        {
            while (reader.Read())
            {
                state.Tenants[reader.GetString(0)] = new Tenant(reader.GetString(0), Time(reader.GetInt64(1)));
            }
        }
        using (var reader = Command("SELECT tenant, tunnels_created, sessions_created, tunnel_seconds, session_seconds, entropy_bytes, entropy_requests FROM usage").ExecuteReader())
        {
            while (reader.Read())
            {
                state.Usage[reader.GetString(0)] = new TenantUsage
                {
                    TunnelsCreated = reader.GetInt64(1), SessionsCreated = reader.GetInt64(2), TunnelSeconds = reader.GetInt64(3),
                    SessionSeconds = reader.GetInt64(4), EntropyBytes = reader.GetInt64(5), EntropyRequests = reader.GetInt64(6),
                };
            }
        }
        using (var reader = Command("SELECT tenant, bits, day, day_bits FROM qkd_usage").ExecuteReader())
        {
            while (reader.Read())
            {
                if (!state.Usage.TryGetValue(reader.GetString(0), out var usage))
                {
                    state.Usage[reader.GetString(0)] = usage = new TenantUsage();
                }
                (usage.QkdBits, usage.QkdDay, usage.QkdDayBits) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }
        using (var reader = Command("SELECT tenant, bits_per_second, bits_per_day FROM quotas").ExecuteReader())
        {
            while (reader.Read())
            {
                state.Tenants[reader.GetString(0)].Quota = new TenantQuota(
                    reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
            }
        }
        using (var reader = Command("SELECT hash, tenant FROM tokens").ExecuteReader())
        {
            while (reader.Read())
            {
                state.Tenants[reader.GetString(1)].TokenHashes.Add(reader.GetString(0));
            }
        }
        LoadResources(state, kinds);
        using (var reader = Command("SELECT node, kind, version, facts, links, last_seen FROM agents").ExecuteReader())
        {
            while (reader.Read())
            {
                state.Agents.Add(new AgentRecord(reader.GetString(0),
                    AgentKinds.TryParse(reader.GetString(1), out var kind) ? kind.Value : throw new InvalidDataException($"an agent has an unknown kind '{reader.GetString(1)}'"),
                    reader.GetString(2),
                    JsonSerializer.Deserialize(reader.GetString(3), StoreJsonContext.Default.DictionaryStringString) ?? [],
                    JsonSerializer.Deserialize(reader.GetString(4), StoreJsonContext.Default.ListLinkFact) ?? [],
                    Time(reader.GetInt64(5))));
            }
        }
        return state;
    }

    private void LoadResources(StoredState state, ServiceKinds kinds)
    {
        var sides = new Dictionary<string, SortedList<int, ResourceSide>>(StringComparer.Ordinal);
        using (var reader = Command("SELECT resource_id, position, node, role, state, reason, key_id, details, present, updated_at FROM sides").ExecuteReader())
        {
            while (reader.Read())
            {
                var side = new ResourceSide(reader.GetString(2), reader.GetString(3))
                {
                    State = ResourceStates.TryParse(reader.GetString(4), out var stored) ? stored.Value : throw new InvalidDataException($"a side has an unknown state '{reader.GetString(4)}'"),
                    Reason = reader.IsDBNull(5) ? null : reader.GetString(5),
                    KeyId = reader.IsDBNull(6) ? null : reader.GetString(6),
                    Details = reader.IsDBNull(7) ? null : JsonElement.Parse(reader.GetString(7)),
                    Present = reader.GetInt64(8) != 0,
                    UpdatedAt = reader.IsDBNull(9) ? null : Time(reader.GetInt64(9)),
                };
                var id = reader.GetString(0);
                if (!sides.TryGetValue(id, out var list))
                {
                    sides[id] = list = [];
                }
                list[reader.GetInt32(1)] = side;
            }
        }
        using var resources = Command("SELECT id, kind, tenant, spec, created_at, deleting_since FROM resources").ExecuteReader();
        while (resources.Read())
        {
            var id = resources.GetString(0);
            var kind = (AgentKinds.TryParse(resources.GetString(1), out var agentKind) ? kinds.Served(agentKind.Value) : null) ?? throw new InvalidDataException($"resource {id} has an unknown kind");
            state.Resources.Add(new ServiceResource
            {
                Id = id,
                Kind = kind.AgentKind,
                Tenant = resources.GetString(2),
                CreatedAt = Time(resources.GetInt64(4)),
                DeletingSince = resources.IsDBNull(5) ? null : Time(resources.GetInt64(5)),
                Spec = kind.ReadSpec(resources.GetString(3)),
                Sides = [.. sides[id].Values],
            });
        }
    }
}
