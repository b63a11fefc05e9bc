using QuantumAgents.Contracts;

namespace QuantumAgents.IpsecAgent.Kme;

/// <summary>
/// The agent API carries one key_ID per tunnel; a PPK tunnel needs two keys (the PSK that
/// authenticates and the RFC 8784 PPK mixed in), so their IDs travel joined by a comma.
/// </summary>
public static class TunnelKeyIds
{
    private const char Separator = ',';

    public static string Join(IEnumerable<string> keyIds) => string.Join(Separator, keyIds);

    public static IReadOnlyList<string> Split(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return keyId.Split(Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>How many QKD keys a tunnel with this <c>auth</c> takes.</summary>
    public static int CountFor(string auth) => TunnelWork.KeysPerRekey(auth);
}
