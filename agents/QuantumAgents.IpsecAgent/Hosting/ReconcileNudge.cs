namespace QuantumAgents.IpsecAgent.Hosting;

/// <summary>
/// Lets the reconciler and the charon watcher wake the reconcile loop, which itself depends on
/// the reconciler: the loop's <c>Nudge</c> is connected once the host is built.
/// </summary>
public sealed class ReconcileNudge
{
    private Action? _target;

    public void Connect(Action target) => _target = target;

    public void Nudge() => Volatile.Read(ref _target)?.Invoke();
}
