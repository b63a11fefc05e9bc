namespace QuantumAgents.ControlPlane.State;

/// <summary>Wakes everyone waiting for "something changed" (<c>?wait=</c> callers), who then look again.</summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change; take it before looking, so no change is missed in between.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Raise() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
