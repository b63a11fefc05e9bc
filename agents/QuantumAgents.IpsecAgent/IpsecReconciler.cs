using Microsoft.Extensions.Logging;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.IpsecAgent.Charon;
using QuantumAgents.IpsecAgent.Hosting;
using QuantumAgents.IpsecAgent.Keys;
using QuantumAgents.IpsecAgent.Planning;
using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.IpsecAgent;

/// <summary>
/// Makes charon hold exactly the node's tunnels: reads charon, plans with
/// <see cref="TunnelPlanner"/>, applies the plan, and reports every tunnel from a fresh read.
/// An initiator keeps retrying <c>initiate</c> in the background until its responder has the
/// key too (or the window closes), then nudges the loop so the result is reported at once.
/// </summary>
public sealed partial class IpsecReconciler(
    CharonTunnels charon, QkdKeys keys, IpsecAgentOptions options, ReconcileNudge nudge, ILogger<IpsecReconciler> logger)
    : IReconciler, IDisposable
{
    // The responder usually has its key within a few hundred milliseconds of the key_ID report:
    // retry soon at first, then back off so a peer that never comes does not flood charon.
    private static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HeldTunnel> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CancellationTokenSource> _initiations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
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
        var desired = all.Where(IsSupported).ToList();
        var before = await charon.ReadAsync(cancellationToken).ConfigureAwait(false);
        _charonVersion = before.Version;
        foreach (var action in TunnelPlanner.Plan(desired, Held(), before.Snapshot))
        {
            await ApplyAsync(action, cancellationToken).ConfigureAwait(false);
        }
        var after = await charon.ReadAsync(cancellationToken).ConfigureAwait(false);
        return [.. TunnelStatuses.Of(desired, Held(), after.EstablishedSas, after.Snapshot), .. all.Where(t => !IsSupported(t)).Select(Unsupported)];
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
                    await LoadAsync(work, await keys.TakeAsync(work.RemoteSae, TunnelKeyIds.CountFor(work.Auth), cancellationToken).ConfigureAwait(false),
                        "enc_keys", TunnelPhase.Initiating, cancellationToken).ConfigureAwait(false);
                    StartInitiating(work.Id);
                    break;
                case TunnelActionKind.FetchKey:
                    await LoadAsync(work!, await keys.FetchAsync(work!.RemoteSae, TunnelKeyIds.Split(work.KeyId!), cancellationToken).ConfigureAwait(false),
                        "dec_keys", TunnelPhase.Loaded, cancellationToken).ConfigureAwait(false);
                    break;
                case TunnelActionKind.Adopt:
                    Hold(work!.Id, new HeldTunnel(work.Role, work.Role == TunnelRoles.Responder ? work.KeyId : null, TunnelPhase.Loaded));
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

    /// <summary>Into charon, then zeroed whatever happens.</summary>
    private async Task LoadAsync(TunnelWork work, IReadOnlyList<QkdKey> taken, string operation, TunnelPhase phase, CancellationToken cancellationToken)
    {
        try
        {
            await charon.LoadAsync(work, taken, cancellationToken).ConfigureAwait(false);
            var keyId = TunnelKeyIds.Join(taken.Select(k => k.KeyId));
            LogKeyLoaded(work.Id, keyId, operation);
            Hold(work.Id, new HeldTunnel(work.Role, keyId, phase));
        }
        finally
        {
            foreach (var key in taken)
            {
                key.Dispose();
            }
        }
    }

    private void StartInitiating(string tunnelId)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        lock (_lock)
        {
            _initiations[tunnelId] = stop;
        }
        _ = Task.Run(() => InitiateUntilUpAsync(tunnelId, stop.Token), CancellationToken.None);
    }

    /// <summary>Retries until up; the first attempts fail while the responder is still fetching its key.</summary>
    private async Task InitiateUntilUpAsync(string tunnelId, CancellationToken stop)
    {
        var deadline = DateTime.UtcNow.AddSeconds(options.InitiateWindowSeconds);
        var reason = "initiate did not succeed";
        var pause = FirstRetryPause;
        while (!stop.IsCancellationRequested)
        {
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
            try
            {
                await Task.Delay(pause, stop).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(MaxRetryPause.Ticks, pause.Ticks * 2));
            }
            catch (OperationCanceledException)
            {
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
        nudge.Nudge();
    }

    private void StopInitiating(string tunnelId)
    {
        lock (_lock)
        {
            if (_initiations.Remove(tunnelId, out var running))
            {
                running.Cancel();
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
        State = TunnelStatuses.Failed,
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

    [LoggerMessage(LogLevel.Information, "tunnel {TunnelId} is up")]
    private partial void LogUp(string tunnelId);

    [LoggerMessage(LogLevel.Warning, "tunnel {TunnelId}: gave up initiating: {Reason}")]
    private partial void LogGaveUp(string tunnelId, string reason);
}
