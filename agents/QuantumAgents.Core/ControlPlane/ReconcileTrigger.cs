namespace QuantumAgents.Core.ControlPlane;

/// <summary>
/// How the outside world wakes an agent's <see cref="ReconcileLoop"/>: a watcher, the reconciler
/// itself, a feeder whose state changed. It is a singleton every one of them is given, so none of
/// them needs the loop (which needs the reconciler) to exist first. Nudges that come while a pass
/// is already due fold into that pass.
/// </summary>
public sealed class ReconcileTrigger : IReconcileTrigger, IDisposable
{
    private readonly SemaphoreSlim _woken = new(0, 1);

    // 1 once a nudge asked for the current work; the nudged pass takes it back to 0.
    private int _refetchWork;

    /// <summary>
    /// Reconcile and report now, without waiting for the poll: the reconciler's world changed by
    /// itself (an SA went down, charon restarted). The pass asks for the current work first: the
    /// change may come from a change of the work the poll has not brought yet — a peer removing a
    /// deleted tunnel shows here as its SA going down — and acting on the old work would spend a
    /// key on a resource already deleted.
    /// </summary>
    public void Nudge()
    {
        Volatile.Write(ref _refetchWork, 1);
        Wake();
    }

    /// <summary>
    /// Report now, for a change the last work already accounts for (a tunnel it asked for came up,
    /// a connection's counters moved): the pass reconciles the last work, with no round trip first.
    /// </summary>
    public void NudgeToReport() => Wake();

    /// <summary>Completes when woken (at once if a nudge is pending), or fails with the token.</summary>
    internal Task WaitAsync(CancellationToken cancellationToken) => _woken.WaitAsync(cancellationToken);

    /// <summary>Waits until woken or <paramref name="timeout"/> has passed.</summary>
    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _woken.WaitAsync(timeout, cancellationToken);

    /// <summary>True once per <see cref="Nudge"/>: the pass it woke must fetch the current work.</summary>
    internal bool TakeRefetch() => Interlocked.Exchange(ref _refetchWork, 0) == 1;

    private void Wake()
    {
        try
        {
            _woken.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged: one pass covers both.
        }
        catch (ObjectDisposedException)
        {
            // A change after the agent stopped (a throttled report coming late): nobody to report to.
        }
    }

    public void Dispose() => _woken.Dispose();
}
