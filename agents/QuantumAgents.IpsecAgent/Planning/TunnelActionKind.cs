namespace QuantumAgents.IpsecAgent.Planning;

public enum TunnelActionKind
{
    /// <summary>Terminate the SAs, unload the connection and the key, forget the tunnel.</summary>
    Remove,

    /// <summary>Initiator: a fresh key with enc_keys, load key and connection, then initiate.</summary>
    TakeKey,

    /// <summary>Responder: the initiator's key with dec_keys, load it (and the connection), unload the old one.</summary>
    FetchKey,

    /// <summary>charon already runs the tunnel (the agent restarted): hold it as it is.</summary>
    Adopt,

    /// <summary>Initiator, <c>rekey_seconds</c> after the last key: a fresh key into charon beside the running SA, the old one out.</summary>
    Rekey,

    /// <summary>Initiator, once the responder holds the fresh key: make-before-break IKE re-authentication with it.</summary>
    Reauthenticate,

    /// <summary>
    /// Initiator still initiating when its responder reports holding the key: initiate now, not
    /// after the wait or back-off (<see cref="TunnelPlanner.Hurries"/>, not <see cref="TunnelPlanner.Plan"/>).
    /// </summary>
    HurryInitiation,
}
