using QuantumAgents.Contracts;
using QuantumAgents.IpsecAgent.Kme;

namespace QuantumAgents.IpsecAgent.Charon;

/// <summary>What the reconciler needs of the node's charon: the seam a test replaces with a fake.</summary>
public interface ICharonTunnels
{
    /// <summary>What of ours charon holds now, our established SAs, and charon's version.</summary>
    Task<CharonState> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The tunnel's keys (the IKE PSK, then for <c>auth: ppk</c> the PPK), then its connection unless
    /// <paramref name="connection"/> is false; then the tunnel's older keys out.
    /// </summary>
    Task LoadAsync(TunnelWork work, IReadOnlyList<QkdKey> keys, bool connection, CancellationToken cancellationToken);

    /// <summary>Make-before-break IKE re-authentication with the keys now loaded; false if it did not complete.</summary>
    Task<bool> ReauthenticateAsync(string tunnelId, CancellationToken cancellationToken);

    /// <summary>Brings the tunnel up; a refusal is a <see cref="Vici.Client.ViciCommandException"/> carrying charon's log.</summary>
    Task InitiateAsync(string tunnelId, CancellationToken cancellationToken);

    /// <summary>Terminates the tunnel's SAs, unloads its connection and keys; tolerates "already gone".</summary>
    Task RemoveAsync(string tunnelId, CancellationToken cancellationToken);
}
