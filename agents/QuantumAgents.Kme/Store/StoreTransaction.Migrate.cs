namespace QuantumAgents.Kme.Store;

/// <summary>Brings a database written by an earlier KME up to the current schema (PRAGMA user_version).</summary>
public sealed partial class StoreTransaction
{
    private const int CurrentVersion = 1;

    /// <summary>Runs once at start-up, before anything reads the store; a current database is left alone.</summary>
    internal void Migrate()
    {
        var version = Convert.ToInt32(Command("PRAGMA user_version").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version >= CurrentVersion)
        {
            return;
        }
        // Version 1 gives every pool block an owner. Pool rows written before it were shared by
        // both KMEs of the link, and no owner can be agreed for them without a message that could
        // be lost: they are erased (secure_delete), on both KMEs as each upgrades. The stream end
        // stays, so no offset is ever produced twice.
        if (!HasColumn("pool", "owner"))
        {
            Execute("DELETE FROM pool");
            Execute("ALTER TABLE pool ADD COLUMN owner TEXT NOT NULL DEFAULT ''");
        }
        if (!HasColumn("link_state", "reserved_to"))
        {
            Execute("ALTER TABLE link_state ADD COLUMN reserved_to INTEGER NOT NULL DEFAULT 0");
        }
        // The per-message 'hops' byte counts become stream_uses rows without a range.
        if (HasTable("hops"))
        {
            Execute("INSERT INTO stream_uses (link, start, length, use, ref, at) SELECT link, NULL, bytes, role, message_id, at FROM hops");
            Execute("DROP TABLE hops");
        }
        Execute($"PRAGMA user_version = {CurrentVersion}");
    }

    private bool HasTable(string table) =>
        Command("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name", ("$name", table)).ExecuteScalar() is not null;

    private bool HasColumn(string table, string column) =>
        Command("SELECT 1 FROM pragma_table_info($table) WHERE name = $column", ("$table", table), ("$column", column)).ExecuteScalar() is not null;
}
