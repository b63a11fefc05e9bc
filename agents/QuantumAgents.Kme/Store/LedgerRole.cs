namespace QuantumAgents.Kme.Store;

/// <summary>Why a ledger row exists: a key went to its master, to a slave, or expired unread.</summary>
public enum LedgerRole
{
    Master,
    Slave,
    Expired,
}
