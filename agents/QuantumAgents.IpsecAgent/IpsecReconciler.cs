using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.IpsecAgent.Boundaries;
using QuantumAgents.IpsecAgent.Charon;
using QuantumAgents.IpsecAgent.Hosting;
using QuantumAgents.IpsecAgent.Keys;
using QuantumAgents.IpsecAgent.Planning;
using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.IpsecAgent;

/// <summary>
/// Makes charon hold exactly the node's tunnels: reads charon, plans with
/// <see cref="TunnelPlanner"/>, applies the plan, and reports every tunnel from a read made after it.
/// An initiator keeps retrying <c>initiate</c> in the background until its responder has the
/// key too (or the window closes), then nudges the loop so the result is reported at once.
/// Every <c>rekey_seconds</c> an initiator takes a fresh key, and once its responder reports
/// holding it, re-authenticates make-before-break; a timer wakes the loop when one is due.
/// A tunnel whose subnets reach this node's infrastructure (<see cref="TunnelBoundaries"/>) never
/// gets that far: it is reported failed and left out of the plan.
/// </summary>
public sealed partial class IpsecReconciler(
    CharonTunnels charon, QkdKeys keys, TunnelBoundaries boundaries, IpsecAgentOptions options, ReconcileNudge nudge, ILogger<IpsecReconciler> logger)
    : IReconciler, IDisposable
{
    // The responder cannot hold the key before it has our key_ID report, so an attempt before its
    // own report would only cost both charons an IKE_SA_INIT answered NO_PROPOSAL_CHOSEN: the
    // first attempt waits for that report (a hurry), or this long should the report be slow.
    private static readonly TimeSpan FirstAttemptWait = TimeSpan.FromSeconds(1);

    // Once attempts fail, retry soon at first, then back off so a peer that never comes does
    // not flood charon.
    private static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(1);

    // A fresh key that could not be had (KME busy, relay down): the running SA keeps its key and
    // the next attempt comes this much later, not a whole rekey_seconds later.
    private static readonly TimeSpan RekeyRetryPause = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HeldTunnel> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Initiation> _initiations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _rekeyAlarm = TimeProvider.System.CreateTimer(_ => nudge.Nudge(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    private string _charonVersion = "unknown";
    private bool _disposed;

    public AgentStatusRequest Describe() => new()
    {
        Version = typeof(IpsecReconciler).Assembly.GetName().Version?.ToString() ?? "0",
        Facts = new Dictionary<string, string> { ["charon"] = _charonVersion, ["local_address"] = options.LocalAddress },
    };

    public async Task<IReadOnlyList<ResourceStatusRequest>> ReconcileAsync(WorkView work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var all = work.Tunnels ?? [];
        var refused = Refusals(all.Where(IsSupported));
        // Refused tunnels are not desired: nothing of theirs is loaded, and anything charon still
        // holds under their names (loaded before the boundaries changed) is removed.
        var desired = all.Where(t => IsSupported(t) && !refused.ContainsKey(t.Id)).ToList();
        // A new tunnel's setup waits for this pass: pass it on before the four VICI round trips.
        foreach (var hurry in TunnelPlanner.Hurries(desired, Held()))
        {
            await ApplyAsync(hurry, cancellationToken).ConfigureAwait(false);
        }
        var before = await charon.ReadAsync(cancellationToken).ConfigureAwait(false);
        _charonVersion = before.Version;
        var plan = TunnelPlanner.Plan(desired, Held(), before.Snapshot, DateTimeOffset.UtcNow);
        foreach (var action in plan)
        {
            await ApplyAsync(action, cancellationToken).ConfigureAwait(false);
        }
        SetRekeyAlarm(TunnelPlanner.NextRekey(desired, Held()));
        // Nothing done to charon (most passes: a tunnel came up, a heartbeat): report from the
        // read just made rather than spend four more VICI round trips before the report.
        var after = plan.Count == 0 ? before : await charon.ReadAsync(cancellationToken).ConfigureAwait(false);
        return [.. TunnelStatuses.Of(desired, Held(), after.EstablishedSas, after.Snapshot),
            .. refused.Select(r => TunnelStatuses.Refused(r.Key, r.Value)), .. all.Where(t => !IsSupported(t)).Select(Unsupported)];
    }

    private async Task ApplyAsync(TunnelAction action, CancellationToken cancellationToken)
    {
        LogAction(action.Kind, action.TunnelId);
        var work = action.Work;
        try
        {
            switch (action.Kind)
            {
                case TunnelActionKind.Remove:
                    StopInitiating(action.TunnelId);
                    await charon.RemoveAsync(action.TunnelId, cancellationToken).ConfigureAwait(false);
                    Forget(action.TunnelId);
                    break;
                case TunnelActionKind.TakeKey:
                    StopInitiating(work!.Id);
                    await LoadAsync(work, await TakeAsync(work, cancellationToken).ConfigureAwait(false), "enc_keys",
                        new HeldTunnel(work.Role, null, TunnelPhase.Initiating, RekeyAt: NextRekeyAt(work)), cancellationToken).ConfigureAwait(false);
                    StartInitiating(work.Id);
                    break;
                case TunnelActionKind.FetchKey:
                    await LoadAsync(work!, await keys.FetchAsync(work!.RemoteSae, TunnelKeyIds.Split(work.KeyId!), cancellationToken).ConfigureAwait(false),
                        "dec_keys", new HeldTunnel(work.Role, null, TunnelPhase.Loaded), cancellationToken).ConfigureAwait(false);
                    break;
                case TunnelActionKind.Adopt:
                    Hold(work!.Id, new HeldTunnel(work.Role, work.Role == TunnelRoles.Responder ? work.KeyId : null, TunnelPhase.Loaded, RekeyAt: NextRekeyAt(work)));
                    break;
                case TunnelActionKind.Rekey:
                    await RekeyAsync(work!, cancellationToken).ConfigureAwait(false);
                    break;
                case TunnelActionKind.Reauthenticate:
                    await ReauthenticateAsync(work!, cancellationToken).ConfigureAwait(false);
                    break;
                case TunnelActionKind.HurryInitiation:
                    Hurry(work!.Id);
                    break;
            }
        }
        catch (Exception e) when (e is Etsi014Exception or KmeUnreachableException or ViciCommandException && work is not null)
        {
            // The KME refused or charon rejected the config: the tunnel fails with that reason; a
            // later pass tries again (a new key for an initiator, the same key_ID for a responder).
            LogActionFailed(action.Kind, action.TunnelId, e.Message);
            Hold(work!.Id, new HeldTunnel(work.Role, null, TunnelPhase.Failed, e.Message));
        }
    }

    private Task<IReadOnlyList<QkdKey>> TakeAsync(TunnelWork work, CancellationToken cancellationToken) =>
        keys.TakeAsync(work.RemoteSae, TunnelKeyIds.CountFor(work.Auth), cancellationToken);

    /// <summary>
    /// A fresh key beside the running SA, the old one out of charon, the new key_ID reported; the
    /// SA itself is untouched until the responder holds the key too. Without a key the tunnel
    /// keeps running as it is and tries again shortly.
    /// </summary>
    private async Task RekeyAsync(TunnelWork work, CancellationToken cancellationToken)
    {
        var mine = Held().GetValueOrDefault(work.Id);
        try
        {
            await LoadAsync(work, await TakeAsync(work, cancellationToken).ConfigureAwait(false), "enc_keys, rekey",
                new HeldTunnel(work.Role, null, TunnelPhase.Rekeying, RekeyAt: NextRekeyAt(work)), cancellationToken, connection: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Etsi014Exception or KmeUnreachableException or ViciCommandException && mine is not null)
        {
            LogRekeyPostponed(work.Id, e.Message);
            Hold(work.Id, mine! with { RekeyAt = DateTimeOffset.UtcNow + RekeyRetryPause });
        }
    }

    private async Task ReauthenticateAsync(TunnelWork work, CancellationToken cancellationToken)
    {
        if (!await charon.ReauthenticateAsync(work.Id, cancellationToken).ConfigureAwait(false))
        {
            // Still Rekeying: the next pass tries again, or keys afresh if the SA went down meanwhile.
            LogReauthenticationPending(work.Id);
            return;
        }
        lock (_lock)
        {
            if (_held.TryGetValue(work.Id, out var mine))
            {
                _held[work.Id] = mine with { Phase = TunnelPhase.Loaded };
                LogReauthenticated(work.Id, mine.KeyId ?? "?");
            }
        }
    }

    private static DateTimeOffset? NextRekeyAt(TunnelWork work) =>
        work.Role == TunnelRoles.Initiator && work.RekeySeconds > 0 ? DateTimeOffset.UtcNow.AddSeconds(work.RekeySeconds) : null;

    /// <summary>Into charon, then zeroed whatever happens; <paramref name="held"/> is recorded with the loaded key_ID.</summary>
    private async Task LoadAsync(TunnelWork work, IReadOnlyList<QkdKey> taken, string operation, HeldTunnel held, CancellationToken cancellationToken,
        bool connection = true)
    {
        try
        {
            await charon.LoadAsync(work, taken, connection, cancellationToken).ConfigureAwait(false);
            var keyId = TunnelKeyIds.Join(taken.Select(k => k.KeyId));
            LogKeyLoaded(work.Id, keyId, operation);
            Hold(work.Id, held with { KeyId = keyId });
        }
        finally
        {
            foreach (var key in taken)
            {
                key.Dispose();
            }
        }
    }

    private void SetRekeyAlarm(DateTimeOffset? due)
    {
        var wait = due is { } at ? at - DateTimeOffset.UtcNow : Timeout.InfiniteTimeSpan;
        _rekeyAlarm.Change(wait < TimeSpan.Zero && due is not null ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    private void StartInitiating(string tunnelId)
    {
        var initiation = new Initiation(_stopping.Token);
        lock (_lock)
        {
            _initiations[tunnelId] = initiation;
        }
        _ = Task.Run(() => InitiateUntilUpAsync(tunnelId, initiation), CancellationToken.None);
    }

    private void Hurry(string tunnelId)
    {
        lock (_lock)
        {
            _initiations.GetValueOrDefault(tunnelId)?.Hurry();
        }
    }

    /// <summary>
    /// Initiates once the responder reports holding the key (<see cref="Initiation.Hurry"/>), and
    /// retries with back-off until up or until the window closes.
    /// </summary>
    private async Task InitiateUntilUpAsync(string tunnelId, Initiation initiation)
    {
        var stop = initiation.Stopped;
        var deadline = DateTime.UtcNow.AddSeconds(options.InitiateWindowSeconds);
        var reason = "initiate did not succeed";
        var pause = FirstAttemptWait;
        var nextPause = FirstRetryPause;
        while (true)
        {
            try
            {
                await initiation.PauseAsync(pause).ConfigureAwait(false);
                (pause, nextPause) = (nextPause, TimeSpan.FromTicks(Math.Min(MaxRetryPause.Ticks, nextPause.Ticks * 2)));
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // Stopped: removed, keyed again, or the agent is stopping.
                return;
            }
            try
            {
                await charon.InitiateAsync(tunnelId, stop).ConfigureAwait(false);
                LogUp(tunnelId);
                SetPhase(tunnelId, TunnelPhase.Loaded, null, stop);
                return;
            }
            catch (ViciCommandException e)
            {
                reason = CharonFailure.Reason(e);
            }
            catch (ViciException e)
            {
                reason = "charon: " + e.Message;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            if (DateTime.UtcNow >= deadline)
            {
                LogGaveUp(tunnelId, reason);
                SetPhase(tunnelId, TunnelPhase.Failed, reason, stop);
                return;
            }
        }
    }

    /// <summary>Records the outcome unless the tunnel was removed or keyed again meanwhile (then <paramref name="stop"/> is cancelled).</summary>
    private void SetPhase(string tunnelId, TunnelPhase phase, string? reason, CancellationToken stop)
    {
        lock (_lock)
        {
            if (stop.IsCancellationRequested || !_held.TryGetValue(tunnelId, out var mine))
            {
                return;
            }
            _held[tunnelId] = mine with { Phase = phase, Reason = reason };
            _initiations.Remove(tunnelId, out var done);
            done?.Dispose();
        }
        if (phase == TunnelPhase.Loaded)
        {
            nudge.Report();
        }
        else
        {
            nudge.Nudge();
        }
    }

    private void StopInitiating(string tunnelId)
    {
        lock (_lock)
        {
            if (_initiations.Remove(tunnelId, out var running))
            {
                running.Stop();
                running.Dispose();
            }
        }
    }

    private Dictionary<string, HeldTunnel> Held()
    {
        lock (_lock)
        {
            return new Dictionary<string, HeldTunnel>(_held, StringComparer.Ordinal);
        }
    }

    private void Hold(string tunnelId, HeldTunnel tunnel)
    {
        lock (_lock)
        {
            _held[tunnelId] = tunnel;
        }
    }

    private void Forget(string tunnelId)
    {
        lock (_lock)
        {
            _held.Remove(tunnelId);
        }
    }

    private static bool IsSupported(TunnelWork work) => work.Auth is "psk" or "ppk" or "";

    private static ResourceStatusRequest Unsupported(TunnelWork work) => new()
    {
        Id = work.Id,
        State = ResourceState.Failed,
        Reason = $"auth '{work.Auth}' is not supported by this agent (psk, ppk)",
    };

    /// <summary>Idempotent: the container disposes this instance once per registration (it is also the IReconciler).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _rekeyAlarm.Dispose();
        _stopping.Cancel();
        lock (_lock)
        {
            foreach (var running in _initiations.Values)
            {
                running.Dispose();
            }
            _initiations.Clear();
        }
        _stopping.Dispose();
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

    [LoggerMessage(LogLevel.Information, "tunnel {TunnelId} is up")]
    private partial void LogUp(string tunnelId);

    [LoggerMessage(LogLevel.Warning, "tunnel {TunnelId}: gave up initiating: {Reason}")]
    private partial void LogGaveUp(string tunnelId, string reason);
}
