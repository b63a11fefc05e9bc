using System.Threading.Tasks.Sources;

namespace QuantumAgents.Sockets;

/// <summary>
/// One direction (readable or writable) of a socket in an <see cref="EpollLoop"/>: a sequence
/// the loop advances on every event, and at most one waiter parked until it advances.
/// <para>
/// The sockets are edge-triggered, so an event that came between a caller's failed attempt and
/// its wait must not be lost: the caller takes <see cref="Sequence"/> before it tries the
/// syscall, and <see cref="WaitAsync"/> returns at once if the sequence has moved since.
/// </para>
/// The waiter's continuation runs on the loop thread, inline: one wake-up per wait.
/// </summary>
internal sealed class SocketReadiness : IValueTaskSource
{
    private static readonly Action<object?, CancellationToken> CancelParked = static (state, token) =>
    {
        var wait = (ParkedWait)state!;
        wait.Readiness.Cancel(wait.Version, token);
    };

    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = false };
    private int _sequence;
    private bool _parked;
    private Exception? _closed;
    private CancellationTokenRegistration _cancellation;

    public int Sequence => Volatile.Read(ref _sequence);

    /// <summary>The loop saw the socket ready (or failed): wakes the waiter, on this thread.</summary>
    public void Signal()
    {
        lock (_lock)
        {
            _sequence++;
            if (!TakeParkedLocked())
            {
                return;
            }
        }
        _waiter.SetResult(true);
    }

    /// <summary>From now on every wait fails with <paramref name="reason"/>; a parked one at once.</summary>
    public void Close(Exception reason)
    {
        lock (_lock)
        {
            _closed ??= reason;
            if (!TakeParkedLocked())
            {
                return;
            }
        }
        _waiter.SetException(reason);
    }

    /// <summary>Completes when the sequence has moved past <paramref name="seen"/>.</summary>
    public ValueTask WaitAsync(int seen, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_closed is not null)
            {
                return ValueTask.FromException(_closed);
            }
            if (_sequence != seen)
            {
                return ValueTask.CompletedTask;
            }
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled(cancellationToken);
            }
            if (_parked)
            {
                throw new InvalidOperationException("a read or write is already waiting on this socket");
            }
            _waiter.Reset();
            _parked = true;
            // Registered under the lock (Lock is reentrant, for a token cancelled meanwhile), so a
            // Signal always finds the registration of the wait it ends; the version tells a late
            // callback of an earlier wait from this one.
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(CancelParked, new ParkedWait(this, _waiter.Version));
            }
            return new ValueTask(this, _waiter.Version);
        }
    }

    private void Cancel(short version, CancellationToken token)
    {
        lock (_lock)
        {
            if (!_parked || _waiter.Version != version)
            {
                return;
            }
            _parked = false;
            _cancellation = default;
        }
        _waiter.SetException(new OperationCanceledException(token));
    }

    private bool TakeParkedLocked()
    {
        if (!_parked)
        {
            return false;
        }
        _parked = false;
        _cancellation.Unregister();
        _cancellation = default;
        return true;
    }

    private sealed record ParkedWait(SocketReadiness Readiness, short Version);

    void IValueTaskSource.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);
}
