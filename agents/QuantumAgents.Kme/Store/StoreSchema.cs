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
        // Unused key material, each row with the node that owns it (QkdLink: only the owner draws on it).
        """
        CREATE TABLE IF NOT EXISTS pool (
            link TEXT NOT NULL, start INTEGER NOT NULL, owner TEXT NOT NULL, material BLOB NOT NULL,
            PRIMARY KEY (link, start)) WITHOUT ROWID
        """,
        // stream_end: the next block's offset. reserved_to: every byte of the link this KME owns
        // below it may have been used (OwnKeyDraw), so a restart burns what is left below it.
        """
        CREATE TABLE IF NOT EXISTS link_state (
            link TEXT PRIMARY KEY, stream_end INTEGER NOT NULL, reserved_to INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID
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
        // Every range of a link's key stream this KME used, and for what (StreamUse) under which
        // key_ID or forwarding message_ID: what an auditor checks that no byte served twice. A
        // byte is used once per KME, so a start appears once per link (rows carried over from the
        // old per-message 'hops' table have no start).
        """
        CREATE TABLE IF NOT EXISTS stream_uses (
            link TEXT NOT NULL, start INTEGER, length INTEGER NOT NULL, use TEXT NOT NULL, ref TEXT NOT NULL, at INTEGER NOT NULL)
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS stream_uses_start ON stream_uses (link, start)",
        "CREATE INDEX IF NOT EXISTS stream_uses_at ON stream_uses (at)",
        """
        CREATE TABLE IF NOT EXISTS ledger (
            key_id TEXT NOT NULL, sae TEXT NOT NULL, role TEXT NOT NULL, link TEXT NOT NULL,
            size_bits INTEGER NOT NULL, at INTEGER NOT NULL,
            PRIMARY KEY (key_id, sae, role)) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS ledger_at ON ledger (at)",
    ];
}
