namespace QuantumAgents.Kme.Store;

/// <summary>The SQLite schema and the settings that make every commit durable and every delete an erase.</summary>
internal static class StoreSchema
{
    public static readonly string[] Statements =
    [
        "PRAGMA journal_mode = WAL",
        // Deleted key material is overwritten with zeros in the database file, not just unlinked.
        "PRAGMA secure_delete = ON",
        "PRAGMA foreign_keys = ON",
        // Read pages through a mapping rather than a pread system call each.
        "PRAGMA mmap_size = 268435456",
        "PRAGMA temp_store = MEMORY",
        """
        CREATE TABLE IF NOT EXISTS pool (
            link TEXT NOT NULL, start INTEGER NOT NULL, material BLOB NOT NULL,
            PRIMARY KEY (link, start)) WITHOUT ROWID
        """,
        """
        CREATE TABLE IF NOT EXISTS link_state (
            link TEXT PRIMARY KEY, stream_end INTEGER NOT NULL) WITHOUT ROWID
        """,
        """
        CREATE TABLE IF NOT EXISTS keys (
            key_id TEXT PRIMARY KEY, link TEXT NOT NULL, master_sae TEXT NOT NULL,
            size_bits INTEGER NOT NULL, material BLOB NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS keys_expiry ON keys (expires_at)",
        """
        CREATE TABLE IF NOT EXISTS key_slaves (
            key_id TEXT NOT NULL REFERENCES keys (key_id) ON DELETE CASCADE, sae TEXT NOT NULL,
            PRIMARY KEY (key_id, sae)) WITHOUT ROWID
        """,
        // Key material each forwarding hop took from a link: sealed (sent) or opened (received).
        """
        CREATE TABLE IF NOT EXISTS hops (
            message_id TEXT NOT NULL, link TEXT NOT NULL, role TEXT NOT NULL, bytes INTEGER NOT NULL, at INTEGER NOT NULL,
            PRIMARY KEY (message_id, link, role)) WITHOUT ROWID
        """,
        """
        CREATE TABLE IF NOT EXISTS ledger (
            key_id TEXT NOT NULL, sae TEXT NOT NULL, role TEXT NOT NULL, link TEXT NOT NULL,
            size_bits INTEGER NOT NULL, at INTEGER NOT NULL,
            PRIMARY KEY (key_id, sae, role)) WITHOUT ROWID
        """,
    ];
}
