namespace QuantumAgents.TlsAgent.Kme;

/// <summary>The client side's keys: one new key per connection, shared with the remote SAE (ETSI 014 <c>enc_keys</c>).</summary>
public interface IPskKeySource
{
    Task<TakenPsk> TakeAsync(string localSae, string remoteSae, CancellationToken cancellationToken);
}
