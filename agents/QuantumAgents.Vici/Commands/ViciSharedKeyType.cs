namespace QuantumAgents.Vici.Commands;

/// <summary>The <c>type</c> of a <c>load-shared</c> key.</summary>
public enum ViciSharedKeyType
{
    /// <summary>An IKEv2 pre-shared key (<c>auth = psk</c>).</summary>
    Ike,
    /// <summary>An RFC 8784 post-quantum preshared key; its owner is the connection's <c>ppk_id</c>.</summary>
    Ppk,
    Eap,
    Xauth,
}
