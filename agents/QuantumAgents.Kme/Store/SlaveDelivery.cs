using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Kme.Store;

/// <summary>The outcome of handing one key to a slave SAE.</summary>
public abstract record SlaveDelivery
{
    private SlaveDelivery() { }

    public sealed record Delivered(string KeyId, SecretBytes Material) : SlaveDelivery;

    /// <summary>Refused; <paramref name="Unauthorized"/> when the caller is not entitled (401), else a bad request (400).</summary>
    public sealed record Refused(string Message, bool Unauthorized) : SlaveDelivery;
}
