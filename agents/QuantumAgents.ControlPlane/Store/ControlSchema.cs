namespace QuantumAgents.ControlPlane.Store;

/// <summary>The control plane's SQLite schema. Times are Unix milliseconds.</summary>
internal static class ControlSchema
{
    public static readonly string[] Statements =
    [
        "PRAGMA journal_mode = WAL",
        "PRAGMA foreign_keys = ON",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tenants (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS tokens (
            hash TEXT PRIMARY KEY,
            tenant TEXT NOT NULL REFERENCES tenants (name) ON DELETE CASCADE,
            created_at INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS resources (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, tenant TEXT NOT NULL, spec TEXT NOT NULL,
            created_at INTEGER NOT NULL, deleting_since INTEGER)
        """,
        """
        CREATE TABLE IF NOT EXISTS sides (
            resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
            position INTEGER NOT NULL, node TEXT NOT NULL, role TEXT NOT NULL, state TEXT NOT NULL,
            reason TEXT, key_id TEXT, details TEXT, present INTEGER NOT NULL, updated_at INTEGER,
            PRIMARY KEY (resource_id, position))
        """,
        """
        CREATE TABLE IF NOT EXISTS agents (
            node TEXT NOT NULL, kind TEXT NOT NULL, version TEXT NOT NULL, facts TEXT NOT NULL,
            links TEXT NOT NULL, last_seen INTEGER NOT NULL, PRIMARY KEY (node, kind))
        """,
        """
        CREATE TABLE IF NOT EXISTS usage (
            tenant TEXT PRIMARY KEY, tunnels_created INTEGER NOT NULL DEFAULT 0,
            sessions_created INTEGER NOT NULL DEFAULT 0, tunnel_seconds INTEGER NOT NULL DEFAULT 0,
            session_seconds INTEGER NOT NULL DEFAULT 0, entropy_bytes INTEGER NOT NULL DEFAULT 0,
            entropy_requests INTEGER NOT NULL DEFAULT 0)
        """,
        // QKD metering and quotas came later: tables of their own, so an older database only gains them.
        """
        CREATE TABLE IF NOT EXISTS qkd_usage (
            tenant TEXT PRIMARY KEY, bits INTEGER NOT NULL DEFAULT 0, day INTEGER NOT NULL DEFAULT 0,
            day_bits INTEGER NOT NULL DEFAULT 0)
        """,
        """
        CREATE TABLE IF NOT EXISTS quotas (
            tenant TEXT PRIMARY KEY REFERENCES tenants (name) ON DELETE CASCADE,
            bits_per_second INTEGER, bits_per_day INTEGER)
        """,
    ];
}
