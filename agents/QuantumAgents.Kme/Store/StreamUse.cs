namespace QuantumAgents.Kme.Store;

/// <summary>What a range of a link's key stream was used for, as recorded in <c>stream_uses</c>.</summary>
public enum StreamUse
{
    /// <summary>Drawn by this KME, as master, for a key it issued (the peer was told the range).</summary>
    Assigned,
    /// <summary>Taken as the peer named it for a key it issued: this KME holds the key for its slaves.</summary>
    Accepted,
    /// <summary>Drawn by this KME as the one-time pad and MAC key of a forwarding message it sent.</summary>
    Sealed,
    /// <summary>Taken as the peer named it to check and open a forwarding message it sent.</summary>
    Opened,
}
