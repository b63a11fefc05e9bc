using QuantumAgents.Core.Secrets;

namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>Fresh 256-bit keys and identities shaped like the KME's (a UUID key_ID).</summary>
public static class TestKeys
{
    public static PskIdentity NewIdentity(string masterSae = "cait-tls") => new(masterSae, Guid.NewGuid().ToString());

    public static byte[] NewKey(int bytes = 32) => SecretBytes.Random(bytes).AsSpan().ToArray();

    public static SecretBytes Secret(byte[] key) => SecretBytes.CopyFrom(key);

    /// <summary>A server lookup that knows exactly one identity.</summary>
    public static PskKeyLookup Knowing(PskIdentity identity, byte[] key) =>
        (offered, _) => ValueTask.FromResult(offered == identity ? SecretBytes.CopyFrom(key) : null);
}
