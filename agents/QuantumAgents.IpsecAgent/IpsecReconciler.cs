using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.IpsecAgent.Boundaries;
using QuantumAgents.IpsecAgent.Charon;
using QuantumAgents.IpsecAgent.Initiating;
using QuantumAgents.IpsecAgent.Kme;
using QuantumAgents.IpsecAgent.Options;
using QuantumAgents.IpsecAgent.Planning;

namespace QuantumAgents.IpsecAgent;

/// <summary>
/// Makes charon hold exactly the node's tunnels: reads charon, plans with
/// <see cref="TunnelPlanner"/>, applies the plan, and reports every tunnel from a read made after it.
/// An initiator's <c>initiate</c> attempts run on an <see cref="InitiationSchedule"/> until its
/// responder has the key too (or the window closes); the pass after one ends takes its outcome.
/// Every <c>rekey_seconds</c> an initiator takes a fresh key, and once its responder reports
/// holding it, re-authenticates make-before-break; a timer wakes the loop when one is due.
/// A tunnel whose subnets reach this node's infrastructure (<see cref="TunnelBoundaries"/>) never
/// gets that far: it is reported failed and left out of the plan.
/// What the agent holds of each tunnel changes only in a pass, and passes run one at a time.
/// </summary>
public sealed partial class IpsecReconciler : IReconciler, IDisposable
{
    private readonly ICharonTunnels _charon;
    private readonly IQkdKeys _keys;
    private readonly TunnelBoundaries _boundaries;
    private readonly IpsecAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IpsecReconciler> _logger;
    private readonly Dictionary<string, HeldTunnel> _held = new(StringComparer.Ordinal);
    private readonly InitiationSchedule _initiations;
    private readonly ITimer _rekeyAlarm;
    private string _charonVersion = "unknown";
    private bool _disposed;

    public IpsecReconciler(ICharonTunnels charon, IQkdKeys keys, TunnelBoundaries boundaries, IpsecAgentOptions options, IReconcileTrigger nudge,
        TimeProvider time, ILogger<IpsecReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(nudge);
        ArgumentNullException.ThrowIfNull(time);
        (_charon, _keys, _boundaries, _options, _time, _logger) = (charon, keys, boundaries, options, time, logger);
        _initiations = new InitiationSchedule(time, TimeSpan.FromSeconds(options.InitiateWindowSeconds), InitiateOnceAsync,
            outcome => InitiationFinished(outcome, nudge));
        _rekeyAlarm = time.CreateTimer(_ => nudge.Nudge(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public AgentStatusRequest Describe() => new()
    {
        Version = AgentVersion.Of(typeof(IpsecReconciler)),
        Facts = new Dictionary<string, string> { ["charon"] = _charonVersion, ["local_address"] = _options.LocalAddress },
    };

    public async Task<IReadOnlyList<ResourceStatusRequest>> ReconcileAsync(WorkView work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        TakeInitiationOutcomes();
        var all = work.Tunnels ?? [];
        var refused = Refusals(all.Where(IsSupported));
        // Refused tunnels are not desired: nothing of theirs is loaded, and anything charon still
        // holds under their names (loaded before the boundaries changed) is removed.
        var desired = all.Where(t => IsSupported(t) && !refused.ContainsKey(t.Id)).ToList();
        // A new tunnel's setup waits for this pass: pass it on before the four VICI round trips.
        foreach (var hurry in TunnelPlanner.Hurries(desired, _held))
        {
            await ApplyAsync(hurry, cancellationToken).ConfigureAwait(false);
        }
        var before = await _charon.ReadAsync(cancellationToken).ConfigureAwait(false);
        _charonVersion = before.Version;
        var plan = TunnelPlanner.Plan(desired, _held, before.Snapshot, _time.GetUtcNow());
        foreach (var action in plan)
        {
            await ApplyAsync(action, cancellationToken).ConfigureAwait(false);
        }
        SetRekeyAlarm(TunnelPlanner.NextRekey(desired, _held));
        // Nothing done to charon (most passes: a tunnel came up, a heartbeat): report from the
        // read just made rather than spend four more VICI round trips before the report.
        var after = plan.Count == 0 ? before : await _charon.ReadAsync(cancellationToken).ConfigureAwait(false);
        return [.. TunnelStatuses.Of(desired, _held, after.EstablishedSas, after.Snapshot),
            .. refused.Select(r => TunnelStatuses.Refused(r.Key, r.Value)), .. all.Where(t => !IsSupported(t)).Select(Unsupported)];
    }

    private void SetRekeyAlarm(DateTimeOffset? due)
    {
        var wait = due is { } at ? at - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        _rekeyAlarm.Change(wait < TimeSpan.Zero && due is not null ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
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
        _initiations.Dispose();
    }
}
