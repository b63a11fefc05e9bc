namespace QuantumAgents.Core.ControlPlane;

/// <summary>A QKD link as an agent sees it through its KME's <c>status</c>.</summary>
public sealed class LinkFact
{
    public string Peer { get; set; } = "";

    public long StoredKeyCount { get; set; }

    public long MaxKeyCount { get; set; }
}
