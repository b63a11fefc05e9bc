namespace QuantumAgents.IpsecAgent.Hosting;

/// <summary>
/// Lets the reconciler and the charon watchers wake the reconcile loop, which itself depends on
/// the reconciler: the loop's nudges are connected once the host is built.
/// </summary>
public sealed class ReconcileNudge
{
    private Targets? _loop;

    public void Connect(Action nudge, Action report) => Volatile.Write(ref _loop, new Targets(nudge, report));

    /// <summary>Charon changed by itself (an SA down, rekeyed, charon back): reconcile against the current work.</summary>
    public void Nudge() => Volatile.Read(ref _loop)?.Nudge();

    /// <summary>A tunnel the work asked for came up: report it now.</summary>
    public void Report() => Volatile.Read(ref _loop)?.Report();

    private sealed record Targets(Action Nudge, Action Report);
}
