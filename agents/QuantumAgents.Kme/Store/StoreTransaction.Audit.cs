namespace QuantumAgents.Kme.Store;

/// <summary>The audit records' retention: the ledger and the stream uses are kept for a while, not forever.</summary>
public sealed partial class StoreTransaction
{
    /// <summary>Deletes ledger and stream-use rows recorded before <paramref name="beforeUnix"/>; returns how many.</summary>
    public int PruneAudit(long beforeUnix) =>
        Command("DELETE FROM ledger WHERE at < $before", ("$before", beforeUnix)).ExecuteNonQuery()
        + Command("DELETE FROM stream_uses WHERE at < $before", ("$before", beforeUnix)).ExecuteNonQuery();
}
