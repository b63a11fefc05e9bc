using QuantumAgents.Core.Secrets;
using QuantumAgents.OpenSsl;

namespace QuantumAgents.TlsAgent.Kme;

/// <summary>A fresh key for one connection and the identity that names it to the server.</summary>
public sealed record TakenPsk(PskIdentity Identity, SecretBytes Key) : IDisposable
{
    public void Dispose() => Key.Dispose();
}
