namespace QuantumAgents.Kme.Security;

/// <summary>Who is on the other end of a TLS connection, from its client certificate.</summary>
public abstract record Caller
{
    private Caller() { }

    /// <summary>An SAE of this node.</summary>
    public sealed record Sae(string SaeId) : Caller;

    /// <summary>The KME at the other end of one of this node's QKD links.</summary>
    public sealed record PeerKme(string Node) : Caller;

    /// <summary>Not allowed in, with the reason (logged, and told to the client).</summary>
    public sealed record Unknown(string Reason) : Caller;
}
