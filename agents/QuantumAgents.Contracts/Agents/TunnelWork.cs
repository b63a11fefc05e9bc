namespace QuantumAgents.Contracts;

/// <summary>One tunnel as one node's IPsec agent should have it.</summary>
public sealed record TunnelWork(
    string Id, string Role, string LocalNode, string RemoteNode, string RemoteAddress, IReadOnlyList<string> LocalSubnets,
    IReadOnlyList<string> RemoteSubnets, string Auth, int RekeySeconds, string LocalSae, string RemoteSae, string? KeyId)
{
    /// <summary>
    /// The QKD keys a tunnel takes at set-up and at every re-authentication: a PSK, and with
    /// <c>ppk</c> also the RFC 8784 PPK. The control plane budgets a tunnel's draw from it.
    /// </summary>
    public static int KeysPerRekey(string auth) => auth == "ppk" ? 2 : 1;
}
