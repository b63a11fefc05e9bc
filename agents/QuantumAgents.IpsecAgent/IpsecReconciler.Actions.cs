using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.IpsecAgent.Kme;
using QuantumAgents.IpsecAgent.Planning;
using QuantumAgents.Vici.Client;

namespace QuantumAgents.IpsecAgent;

/// <summary>Applying one action of the plan: keys from the KME into charon, and what the agent then holds.</summary>
public sealed partial class IpsecReconciler
{
    // A fresh key that could not be had (KME busy, relay down): the running SA keeps its key and
    // the next attempt comes this much later, not a whole rekey_seconds later.
    private static readonly TimeSpan RekeyRetryPause = TimeSpan.FromSeconds(10);

    private async Task ApplyAsync(TunnelAction action, CancellationToken cancellationToken)
    {
        LogAction(action.Kind, action.TunnelId);
        var work = action.Work;
        try
        {
            switch (action.Kind)
            {
                case TunnelActionKind.Remove:
                    _initiations.Stop(action.TunnelId);
                    await _charon.RemoveAsync(action.TunnelId, cancellationToken).ConfigureAwait(false);
                    _held.Remove(action.TunnelId);
                    break;
                case TunnelActionKind.TakeKey:
                    _initiations.Stop(work!.Id);
                    await LoadAsync(work, await TakeAsync(work, cancellationToken).ConfigureAwait(false), "enc_keys",
                        new HeldTunnel(work.Role, null, TunnelPhase.Initiating, RekeyAt: NextRekeyAt(work)), cancellationToken).ConfigureAwait(false);
                    _initiations.Start(work.Id);
                    break;
                case TunnelActionKind.FetchKey:
                    await LoadAsync(work!, await _keys.FetchAsync(work!.RemoteSae, TunnelKeyIds.Split(work.KeyId!), cancellationToken).ConfigureAwait(false),
                        "dec_keys", new HeldTunnel(work.Role, null, TunnelPhase.Loaded), cancellationToken).ConfigureAwait(false);
                    break;
                case TunnelActionKind.Adopt:
                    _held[work!.Id] = new HeldTunnel(work.Role, work.Role == TunnelRoles.Responder ? work.KeyId : null, TunnelPhase.Loaded,
                        RekeyAt: NextRekeyAt(work));
                    break;
                case TunnelActionKind.Rekey:
                    await RekeyAsync(work!, cancellationToken).ConfigureAwait(false);
                    break;
                case TunnelActionKind.Reauthenticate:
                    await ReauthenticateAsync(work!, cancellationToken).ConfigureAwait(false);
                    break;
                case TunnelActionKind.HurryInitiation:
                    _initiations.Hurry(work!.Id);
                    break;
            }
        }
        catch (Exception e) when (e is Etsi014Exception or KmeUnreachableException or ViciCommandException && work is not null)
        {
            // The KME refused or charon rejected the config: the tunnel fails with that reason; a
            // later pass tries again (a new key for an initiator, the same key_ID for a responder).
            LogActionFailed(action.Kind, action.TunnelId, e.Message);
            _held[work!.Id] = new HeldTunnel(work.Role, null, TunnelPhase.Failed, e.Message);
        }
    }

    private Task<IReadOnlyList<QkdKey>> TakeAsync(TunnelWork work, CancellationToken cancellationToken) =>
        _keys.TakeAsync(work.RemoteSae, TunnelKeyIds.CountFor(work.Auth), cancellationToken);

    /// <summary>
    /// A fresh key beside the running SA, the old one out of charon, the new key_ID reported; the
    /// SA itself is untouched until the responder holds the key too. Without a key the tunnel
    /// keeps running as it is and tries again shortly.
    /// </summary>
    private async Task RekeyAsync(TunnelWork work, CancellationToken cancellationToken)
    {
        var mine = _held.GetValueOrDefault(work.Id);
        try
        {
            await LoadAsync(work, await TakeAsync(work, cancellationToken).ConfigureAwait(false), "enc_keys, rekey",
                new HeldTunnel(work.Role, null, TunnelPhase.Rekeying, RekeyAt: NextRekeyAt(work)), cancellationToken, connection: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Etsi014Exception or KmeUnreachableException or ViciCommandException && mine is not null)
        {
            LogRekeyPostponed(work.Id, e.Message);
            _held[work.Id] = mine! with { RekeyAt = _time.GetUtcNow() + RekeyRetryPause };
        }
    }

    private async Task ReauthenticateAsync(TunnelWork work, CancellationToken cancellationToken)
    {
        if (!await _charon.ReauthenticateAsync(work.Id, cancellationToken).ConfigureAwait(false))
        {
            // Still Rekeying: the next pass tries again, or keys afresh if the SA went down meanwhile.
            LogReauthenticationPending(work.Id);
            return;
        }
        if (_held.TryGetValue(work.Id, out var mine))
        {
            _held[work.Id] = mine with { Phase = TunnelPhase.Loaded };
            LogReauthenticated(work.Id, mine.KeyId ?? "?");
        }
    }

    private DateTimeOffset? NextRekeyAt(TunnelWork work) =>
        work.Role == TunnelRoles.Initiator && work.RekeySeconds > 0 ? _time.GetUtcNow().AddSeconds(work.RekeySeconds) : null;

    /// <summary>Into charon, then zeroed whatever happens; <paramref name="held"/> is recorded with the loaded key_ID.</summary>
    private async Task LoadAsync(TunnelWork work, IReadOnlyList<QkdKey> taken, string operation, HeldTunnel held, CancellationToken cancellationToken,
        bool connection = true)
    {
        try
        {
            await _charon.LoadAsync(work, taken, connection, cancellationToken).ConfigureAwait(false);
            var keyId = TunnelKeyIds.Join(taken.Select(k => k.KeyId));
            LogKeyLoaded(work.Id, keyId, operation);
            _held[work.Id] = held with { KeyId = keyId };
        }
        finally
        {
            foreach (var key in taken)
            {
                key.Dispose();
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "{Kind} tunnel {TunnelId}")]
    private partial void LogAction(TunnelActionKind kind, string tunnelId);

    [LoggerMessage(LogLevel.Information, "tunnel {TunnelId}: loaded key {KeyId} ({Operation}) into charon")]
    private partial void LogKeyLoaded(string tunnelId, string keyId, string operation);

    [LoggerMessage(LogLevel.Warning, "{Kind} tunnel {TunnelId} failed: {Message}")]
    private partial void LogActionFailed(TunnelActionKind kind, string tunnelId, string message);

    [LoggerMessage(LogLevel.Warning, "tunnel {TunnelId}: no fresh key yet ({Message}); the running SA keeps its key, retrying shortly")]
    private partial void LogRekeyPostponed(string tunnelId, string message);

    [LoggerMessage(LogLevel.Warning, "tunnel {TunnelId}: re-authentication with the fresh key not complete yet; trying again")]
    private partial void LogReauthenticationPending(string tunnelId);

    [LoggerMessage(LogLevel.Information, "tunnel {TunnelId}: re-authenticated make-before-break with key {KeyId}")]
    private partial void LogReauthenticated(string tunnelId, string keyId);
}
