namespace QuantumAgents.TlsAgent.Budget;

/// <summary>
/// Connections of a session between accept and keyed TLS (a KME call, a handshake), at most
/// <paramref name="limit"/> at once: a burst the KME is slow to answer cannot pile up key
/// requests behind it.
/// </summary>
public sealed class HandshakeSlots(int limit)
{
    private int _inUse;

    public int Limit => limit;

    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Takes a slot, or returns false (and takes none) when all are in use; the check and the take are one step.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inUse) <= limit)
        {
            return true;
        }
        Interlocked.Decrement(ref _inUse);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inUse);
}
