namespace QuantumAgents.IpsecAgent.Initiating;

/// <summary>
/// One initiator's <c>initiate</c> attempts on a clock: when the next one
/// is due (<see cref="Due"/> completes then), the back-off after a failed one, and the window after
/// which it gives up. <see cref="Hurry"/> makes the next attempt due at once, because the responder
/// has just reported holding the key and it should succeed. Not thread-safe:
/// <see cref="InitiationSchedule"/> holds it under its lock.
/// </summary>
public sealed class Initiation : IDisposable
{
    // The responder cannot hold the key before it has our key_ID report, so an attempt before its
    // own report would only cost both charons an IKE_SA_INIT answered NO_PROPOSAL_CHOSEN: the
    // first attempt waits for that report (a hurry), or this long should the report be slow.
    internal static readonly TimeSpan FirstAttemptWait = TimeSpan.FromSeconds(1);

    // Once attempts fail, retry soon at first, then back off so a peer that never comes does
    // not flood charon.
    internal static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(50);
    internal static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _due = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _alarm;
    private bool _hurried;
    private TimeSpan _nextPause = FirstRetryPause;

    /// <param name="window">How long failed attempts are retried (<c>initiate_window_seconds</c>).</param>
    public Initiation(TimeProvider time, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        var now = time.GetUtcNow();
        Deadline = now + window;
        NextAttemptAt = now + FirstAttemptWait;
    }

    /// <summary>A failed attempt at or after this time ends the initiation.</summary>
    public DateTimeOffset Deadline { get; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>Completes when the next attempt is due: its time has come, or it was hurried.</summary>
    public Task Due => _due.Task;

    /// <summary>Cancelled once the initiation is stopped (the tunnel removed or keyed again, the agent stopping).</summary>
    public CancellationToken Stopped => _stop.Token;

    /// <summary>Arms the alarm for the first attempt.</summary>
    public void Begin() => Arm();

    /// <summary>The next attempt is due now, whether a wait is running or an attempt (then the one after it).</summary>
    public void Hurry()
    {
        _hurried = true;
        _due.TrySetResult();
    }

    /// <summary>An attempt starts: it uses up a hurry; the next one is due only once this one failed.</summary>
    public void Attempting()
    {
        _hurried = false;
        _alarm?.Dispose();
        _alarm = null;
        _due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The attempt failed: false once the window has closed (give up); otherwise true, with the
    /// next attempt due after a pause that doubles each time, up to a cap (at once if hurried meanwhile).
    /// </summary>
    public bool RetriesAfterFailure()
    {
        var now = _time.GetUtcNow();
        if (now >= Deadline)
        {
            return false;
        }
        NextAttemptAt = now + _nextPause;
        _nextPause = TimeSpan.FromTicks(Math.Min(MaxRetryPause.Ticks, _nextPause.Ticks * 2));
        Arm();
        return true;
    }

    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished meanwhile.
        }
    }

    public void Dispose()
    {
        _alarm?.Dispose();
        _stop.Dispose();
    }

    private void Arm()
    {
        var wait = NextAttemptAt - _time.GetUtcNow();
        if (_hurried || wait <= TimeSpan.Zero)
        {
            _due.TrySetResult();
            return;
        }
        // The alarm completes the wait it was armed for, never a later one.
        _alarm = _time.CreateTimer(static due => ((TaskCompletionSource)due!).TrySetResult(), _due, wait, Timeout.InfiniteTimeSpan);
    }
}
