using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Store;

public sealed partial class ControlCommands
{
    public void InsertTenant(string name, DateTimeOffset createdAt)
    {
        Command("INSERT INTO tenants (name, created_at) VALUES ($name, $at)", ("$name", name), ("$at", Millis(createdAt))).ExecuteNonQuery();
        Command("INSERT INTO usage (tenant) VALUES ($name) ON CONFLICT (tenant) DO NOTHING", ("$name", name)).ExecuteNonQuery();
    }

    /// <summary>Removes the tenant and its tokens; its usage stays for billing.</summary>
    public void DeleteTenant(string name) => Command("DELETE FROM tenants WHERE name = $name", ("$name", name)).ExecuteNonQuery();

    public void InsertToken(string hash, string tenant, DateTimeOffset createdAt) =>
        Command("INSERT INTO tokens (hash, tenant, created_at) VALUES ($hash, $tenant, $at)",
            ("$hash", hash), ("$tenant", tenant), ("$at", Millis(createdAt))).ExecuteNonQuery();

    public void DeleteToken(string hash) => Command("DELETE FROM tokens WHERE hash = $hash", ("$hash", hash)).ExecuteNonQuery();

    public void AddUsage(string tenant, TenantUsage delta) =>
        Command("""
                INSERT INTO usage (tenant, tunnels_created, sessions_created, tunnel_seconds, session_seconds, entropy_bytes, entropy_requests)
                VALUES ($tenant, $tc, $sc, $ts, $ss, $eb, $er)
                ON CONFLICT (tenant) DO UPDATE SET
                    tunnels_created = tunnels_created + excluded.tunnels_created,
                    sessions_created = sessions_created + excluded.sessions_created,
                    tunnel_seconds = tunnel_seconds + excluded.tunnel_seconds,
                    session_seconds = session_seconds + excluded.session_seconds,
                    entropy_bytes = entropy_bytes + excluded.entropy_bytes,
                    entropy_requests = entropy_requests + excluded.entropy_requests
                """,
            ("$tenant", tenant), ("$tc", delta.TunnelsCreated), ("$sc", delta.SessionsCreated), ("$ts", delta.TunnelSeconds),
            ("$ss", delta.SessionSeconds), ("$eb", delta.EntropyBytes), ("$er", delta.EntropyRequests)).ExecuteNonQuery();

    /// <summary>Adds a finished service's QKD bits: to the lifetime total, and to <paramref name="day"/>'s (a new day starts its count over).</summary>
    public void AddQkdUsage(string tenant, long bits, long day, long dayBits) =>
        Command("""
                INSERT INTO qkd_usage (tenant, bits, day, day_bits) VALUES ($tenant, $bits, $day, $dayBits)
                ON CONFLICT (tenant) DO UPDATE SET
                    bits = bits + excluded.bits,
                    day_bits = CASE WHEN day = excluded.day THEN day_bits + excluded.day_bits ELSE excluded.day_bits END,
                    day = excluded.day
                """,
            ("$tenant", tenant), ("$bits", bits), ("$day", day), ("$dayBits", dayBits)).ExecuteNonQuery();

    public void SetQuota(string tenant, TenantQuota quota) =>
        Command("""
                INSERT INTO quotas (tenant, bits_per_second, bits_per_day) VALUES ($tenant, $perSecond, $perDay)
                ON CONFLICT (tenant) DO UPDATE SET bits_per_second = excluded.bits_per_second, bits_per_day = excluded.bits_per_day
                """,
            ("$tenant", tenant), ("$perSecond", quota.BitsPerSecond), ("$perDay", quota.BitsPerDay)).ExecuteNonQuery();
}
