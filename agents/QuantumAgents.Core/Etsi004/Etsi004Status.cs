namespace QuantumAgents.Core.Etsi004;

/// <summary>The status values of ETSI GS QKD 004 V2.1.1 (§6), returned in every answer's <c>status</c>.</summary>
public enum Etsi004Status
{
    Successful = 0,
    SuccessfulPeerNotConnected = 1,
    InsufficientKey = 2,
    PeerNotConnected = 3,
    NoQkdConnection = 4,
    KeyStreamIdInUse = 5,
    Timeout = 6,
    QosNotMet = 7,
    MetadataTooSmall = 8,
}
