namespace QuantumAgents.IpsecAgent.Initiating;

/// <summary>
/// The initiators' <c>initiate</c> attempts in flight, one <see cref="Initiation"/> per tunnel, each
/// retried in the background on <paramref name="time"/>'s clock until the tunnel is up or the
/// window closes. An attempt waits on the responder (up to charon's timeout), so it cannot run in
/// the reconcile pass; what it ends in is kept here until the pass takes it
/// (<see cref="TakeFinished"/>), and <paramref name="finished"/> wakes the pass to do so.
/// </summary>
/// <param name="attempt">One <c>initiate</c>: null when the tunnel is up, else why not.</param>
public sealed class InitiationSchedule(
    TimeProvider time, TimeSpan window, Func<string, CancellationToken, Task<string?>> attempt, Action<InitiationOutcome> finished)
    : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Initiation> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InitiationOutcome> _finished = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Starts initiating the tunnel afresh; an initiation of it still in flight or not yet taken is dropped.</summary>
    public void Start(string tunnelId)
    {
        var initiation = new Initiation(time, window);
        Initiation? previous;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _inFlight.Remove(tunnelId, out previous);
            _finished.Remove(tunnelId);
            _inFlight[tunnelId] = initiation;
            initiation.Begin();
        }
        previous?.Stop();
        _ = Task.Run(() => RunAsync(tunnelId, initiation), CancellationToken.None);
    }

    /// <summary>The tunnel's next attempt goes now (its responder holds the key); nothing if it is not initiating.</summary>
    public void Hurry(string tunnelId)
    {
        lock (_lock)
        {
            _inFlight.GetValueOrDefault(tunnelId)?.Hurry();
        }
    }

    /// <summary>No more attempts for the tunnel (removed, keyed again); an outcome not yet taken is dropped.</summary>
    public void Stop(string tunnelId)
    {
        Initiation? running;
        lock (_lock)
        {
            _inFlight.Remove(tunnelId, out running);
            _finished.Remove(tunnelId);
        }
        running?.Stop();
    }

    public bool IsInFlight(string tunnelId)
    {
        lock (_lock)
        {
            return _inFlight.ContainsKey(tunnelId);
        }
    }

    /// <summary>When the tunnel's next attempt is due (earlier if hurried); null when it is not initiating.</summary>
    public DateTimeOffset? NextAttemptAt(string tunnelId)
    {
        lock (_lock)
        {
            return _inFlight.GetValueOrDefault(tunnelId)?.NextAttemptAt;
        }
    }

    /// <summary>The initiations that ended since the last call, by tunnel id; each is returned once.</summary>
    public IReadOnlyList<InitiationOutcome> TakeFinished()
    {
        lock (_lock)
        {
            InitiationOutcome[] done = [.. _finished.Values.OrderBy(o => o.TunnelId, StringComparer.Ordinal)];
            _finished.Clear();
            return done;
        }
    }

    private async Task RunAsync(string tunnelId, Initiation initiation)
    {
        using var _ = initiation;
        var stop = initiation.Stopped;
        try
        {
            while (true)
            {
                await initiation.Due.WaitAsync(stop).ConfigureAwait(false);
                lock (_lock)
                {
                    initiation.Attempting();
                }
                var failure = await attempt(tunnelId, stop).ConfigureAwait(false);
                InitiationOutcome outcome;
                lock (_lock)
                {
                    if (!ReferenceEquals(_inFlight.GetValueOrDefault(tunnelId), initiation))
                    {
                        return;
                    }
                    // The next attempt's alarm is armed before the lock is left, so whoever sees
                    // NextAttemptAt move also sees the alarm set.
                    if (failure is not null && initiation.RetriesAfterFailure())
                    {
                        continue;
                    }
                    outcome = new InitiationOutcome(tunnelId, failure);
                    _inFlight.Remove(tunnelId);
                    _finished[tunnelId] = outcome;
                }
                finished(outcome);
                return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped: removed, keyed again, or the agent is stopping.
        }
    }

    /// <summary>Stops every initiation (the agent is stopping). Idempotent.</summary>
    public void Dispose()
    {
        Initiation[] running;
        lock (_lock)
        {
            _disposed = true;
            running = [.. _inFlight.Values];
            _inFlight.Clear();
            _finished.Clear();
        }
        foreach (var initiation in running)
        {
            initiation.Stop();
        }
    }
}
