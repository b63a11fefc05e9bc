namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>
/// What a tunnel is called inside charon. Everything this agent loads carries the
/// <see cref="Prefix"/>; anything without it belongs to someone else and is never touched.
/// </summary>
public static class TunnelNames
{
    public const string Prefix = "qa-";

    /// <summary>The single CHILD_SA of every tunnel.</summary>
    public const string Child = "net";

    // A key's load-shared id names its tunnel and its key_ID: get-shared then shows which QKD
    // key charon holds, and a fresh key loads beside the old one before that is unloaded.
    private const string PskMarker = "-psk-";
    private const string PpkMarker = "-ppk-";

    public static string Connection(string tunnelId) => Prefix + tunnelId;

    /// <summary>The <c>load-shared</c> id of the tunnel's QKD key (the IKE PSK) with that key_ID.</summary>
    public static string SharedKey(string tunnelId, string keyId) => Prefix + tunnelId + PskMarker + keyId;

    /// <summary>The <c>load-shared</c> id of a PPK tunnel's second QKD key with that key_ID.</summary>
    public static string PpkKey(string tunnelId, string keyId) => Prefix + tunnelId + PpkMarker + keyId;

    /// <summary>The RFC 8784 PPK_ID both ends send and look their PPK up by.</summary>
    public static string PpkId(string tunnelId) => Prefix + tunnelId;

    /// <summary>
    /// The IKE identity of one end: per tunnel, so that two tunnels between the same nodes never
    /// share a PSK lookup (charon picks the key by the pair of identities).
    /// </summary>
    public static string Identity(string tunnelId, string saeId) => $"{saeId}.{tunnelId}";

    /// <summary>The tunnel id a connection of ours names; false for anything not ours.</summary>
    public static bool TryParseConnection(string name, out string tunnelId)
    {
        tunnelId = "";
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || name.Length == Prefix.Length)
        {
            return false;
        }
        tunnelId = name[Prefix.Length..];
        return true;
    }

    /// <summary>The tunnel id a shared key of ours names; false for anything not ours.</summary>
    public static bool TryParseSharedKey(string id, out string tunnelId)
    {
        tunnelId = "";
        if (!id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        // The last marker: a tunnel id may hold one, a KME's key_ID (a UUID) never does.
        var marker = Math.Max(id.LastIndexOf(PskMarker, StringComparison.Ordinal), id.LastIndexOf(PpkMarker, StringComparison.Ordinal));
        if (marker <= Prefix.Length || marker + PskMarker.Length == id.Length)
        {
            return false;
        }
        tunnelId = id[Prefix.Length..marker];
        return true;
    }
}
