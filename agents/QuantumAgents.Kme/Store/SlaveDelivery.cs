using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Kme.Store;

/// <summary>The outcome of handing one key to a slave SAE.</summary>
public abstract record SlaveDelivery
{
    private SlaveDelivery() { }

    /// <summary>
    /// Disposable so that a delivery whose batch did not commit, and so never reaches its
    /// caller, has its key zeroed by the store like any other undelivered result.
    /// </summary>
    public sealed record Delivered(string KeyId, SecretBytes Material) : SlaveDelivery, IDisposable
    {
        public void Dispose() => Material.Dispose();
    }

    /// <summary>Refused; <paramref name="Unauthorized"/> when the caller is not entitled (401), else a bad request (400).</summary>
    public sealed record Refused(string Message, bool Unauthorized) : SlaveDelivery;
}
