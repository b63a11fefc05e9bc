using QuantumAgents.Contracts;
using QuantumAgents.IpsecAgent.Kme;
using QuantumAgents.IpsecAgent.Planning;
using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Commands;

namespace QuantumAgents.IpsecAgent.Charon;

/// <summary>
/// The node's charon as the agent drives it over VICI; it sees and touches only <c>qa-</c> names.
/// <paramref name="time"/> bounds the wait for a re-authentication.
/// </summary>
public sealed class CharonTunnels(ViciClient vici, string localAddress, TimeProvider time) : ICharonTunnels
{
    private static readonly TimeSpan InitiateTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TerminateTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReauthenticateTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReauthenticatePoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Dead peer detection: a peer whose charon restarted has forgotten the SA and never says
    /// so; DPD finds out, charon clears the SA, and the initiator keys the tunnel again.
    /// </summary>
    private const long DpdDelaySeconds = 5;

    public async Task<CharonState> ReadAsync(CancellationToken cancellationToken)
    {
        var version = await vici.VersionAsync(cancellationToken).ConfigureAwait(false);
        var connections = Ours(await vici.GetConnsAsync(cancellationToken).ConfigureAwait(false), TunnelNames.TryParseConnection);
        var shared = Ours(await vici.GetSharedAsync(cancellationToken).ConfigureAwait(false), TunnelNames.TryParseSharedKey);
        var established = new Dictionary<string, ViciIkeSa>(StringComparer.Ordinal);
        foreach (var sa in await vici.ListSasAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (TunnelNames.TryParseConnection(sa.Name, out var id) && sa.IsEstablished && sa.Children.Any(c => c.IsInstalled))
            {
                established[id] = sa;
            }
        }
        return new CharonState(new CharonSnapshot(connections, shared, established.Keys.ToHashSet(StringComparer.Ordinal)), established,
            $"{version.Daemon} {version.Version}");
    }

    /// <summary>
    /// Loads the keys (straight from their pinned buffers), then the connection that uses them
    /// unless <paramref name="connection"/> is false (a fresh key for a running tunnel), and
    /// finally unloads the tunnel's older keys: the first key is the IKE PSK; a second one, for
    /// <c>auth: ppk</c>, the RFC 8784 PPK. Each id names its key_ID, so the new key sits beside
    /// the old one for a moment and never replaces it unseen.
    /// </summary>
    public async Task LoadAsync(TunnelWork work, IReadOnlyList<QkdKey> keys, bool connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(keys);
        var localId = TunnelNames.Identity(work.Id, work.LocalSae);
        var remoteId = TunnelNames.Identity(work.Id, work.RemoteSae);
        List<string> loaded = [TunnelNames.SharedKey(work.Id, keys[0].KeyId)];
        await vici.LoadSharedAsync(ViciSharedKeyType.Ike, loaded[0], keys[0].Key, [localId, remoteId], cancellationToken).ConfigureAwait(false);
        string? ppkId = null;
        if (keys.Count > 1)
        {
            ppkId = TunnelNames.PpkId(work.Id);
            loaded.Add(TunnelNames.PpkKey(work.Id, keys[1].KeyId));
            await vici.LoadSharedAsync(ViciSharedKeyType.Ppk, loaded[1], keys[1].Key, [ppkId], cancellationToken).ConfigureAwait(false);
        }
        if (connection)
        {
            await vici.LoadConnAsync(new ViciSiteToSiteConfig
            {
                Name = TunnelNames.Connection(work.Id),
                ChildName = TunnelNames.Child,
                LocalAddress = localAddress,
                RemoteAddress = work.RemoteAddress,
                LocalId = localId,
                RemoteId = remoteId,
                LocalTrafficSelectors = work.LocalSubnets,
                RemoteTrafficSelectors = work.RemoteSubnets,
                PpkId = ppkId,
                DpdDelaySeconds = DpdDelaySeconds,
                PpkRequired = true,
            }, cancellationToken).ConfigureAwait(false);
        }
        await UnloadKeysAsync(work.Id, loaded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Make-before-break IKE re-authentication (charon's <c>make_before_break = yes</c>): a new
    /// IKE_SA with the keys now loaded, its CHILD_SA installed, then the old one deleted. True
    /// once only the new IKE_SA is left; false if that did not happen within the timeout.
    /// </summary>
    public async Task<bool> ReauthenticateAsync(string tunnelId, CancellationToken cancellationToken)
    {
        var connection = TunnelNames.Connection(tunnelId);
        var before = (await vici.ListSasAsync(ViciSaSelector.Ike(connection), cancellationToken).ConfigureAwait(false))
            .Where(sa => sa.IsEstablished).Select(sa => sa.UniqueId).ToHashSet();
        if (await vici.RekeyAsync(ViciSaSelector.Ike(connection), reauthenticate: true, cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }
        var deadline = time.GetUtcNow() + ReauthenticateTimeout;
        while (time.GetUtcNow() < deadline)
        {
            // rekey only queues the job: watch list-sas until the old IKE_SA is gone and a new one carries the traffic.
            await Task.Delay(ReauthenticatePoll, time, cancellationToken).ConfigureAwait(false);
            var now = await vici.ListSasAsync(ViciSaSelector.Ike(connection), cancellationToken).ConfigureAwait(false);
            if (!now.Any(sa => before.Contains(sa.UniqueId))
                && now.Any(sa => sa.IsEstablished && sa.Children.Any(c => c.IsInstalled)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Brings the tunnel up; a refusal is a <see cref="ViciCommandException"/> carrying charon's log.</summary>
    public async Task InitiateAsync(string tunnelId, CancellationToken cancellationToken) =>
        await vici.InitiateAsync(TunnelNames.Child, TunnelNames.Connection(tunnelId), InitiateTimeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Terminates, unloads the connection and the key; every step tolerates "already gone".</summary>
    public async Task RemoveAsync(string tunnelId, CancellationToken cancellationToken)
    {
        var connection = TunnelNames.Connection(tunnelId);
        try
        {
            await vici.TerminateAsync(ViciSaSelector.Ike(connection), timeout: TerminateTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ViciCommandException or ViciTimeoutException)
        {
            // No SA (nothing to do), or the peer did not answer the DELETE: drop ours regardless.
            await TerminateForcedAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await vici.UnloadConnAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (ViciCommandException)
        {
            // Not loaded: the state we want.
        }
        await UnloadKeysAsync(tunnelId, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unloads every key of the tunnel charon holds except <paramref name="keep"/> (charon wipes a key it drops).</summary>
    private async Task UnloadKeysAsync(string tunnelId, IReadOnlyCollection<string> keep, CancellationToken cancellationToken)
    {
        foreach (var id in await vici.GetSharedAsync(cancellationToken).ConfigureAwait(false))
        {
            if (TunnelNames.TryParseSharedKey(id, out var owner) && owner == tunnelId && !keep.Contains(id))
            {
                await vici.UnloadSharedAsync(id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task TerminateForcedAsync(string connection, CancellationToken cancellationToken)
    {
        try
        {
            await vici.TerminateAsync(ViciSaSelector.Ike(connection), force: true, timeout: TerminateTimeout, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ViciCommandException)
        {
            // "no matching SAs": there was none.
        }
    }

    private delegate bool NameParser(string name, out string tunnelId);

    private static HashSet<string> Ours(IEnumerable<string> names, NameParser parse)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (parse(name, out var id))
            {
                ids.Add(id);
            }
        }
        return ids;
    }
}
