using QuantumAgents.Core.Secrets;

namespace QuantumAgents.IpsecAgent.Kme;

/// <summary>One QKD key and its ETSI 014 key_ID. Dispose zeroes the key.</summary>
public sealed class QkdKey(string keyId, SecretBytes key) : IDisposable
{
    public string KeyId { get; } = keyId;

    public SecretBytes Key { get; } = key;

    public void Dispose() => Key.Dispose();

    public override string ToString() => $"QkdKey({KeyId})";
}
