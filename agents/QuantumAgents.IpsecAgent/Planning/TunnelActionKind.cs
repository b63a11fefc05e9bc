namespace QuantumAgents.IpsecAgent.Planning;

public enum TunnelActionKind
{
    /// <summary>Terminate the SAs, unload the connection and the key, forget the tunnel.</summary>
    Remove,

    /// <summary>Initiator: a fresh key with enc_keys, load key and connection, then initiate.</summary>
    TakeKey,

    /// <summary>Responder: the initiator's key with dec_keys, load key and connection.</summary>
    FetchKey,

    /// <summary>charon already runs the tunnel (the agent restarted): hold it as it is.</summary>
    Adopt,
}
