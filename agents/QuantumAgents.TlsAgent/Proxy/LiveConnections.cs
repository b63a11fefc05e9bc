using System.Collections.Concurrent;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>The connection tasks of a session, so stopping it can close them all and wait until they are gone.</summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<long, Task> _tasks = new();
    private readonly Lock _admission = new();
    private long _next;

    public int Count => _tasks.Count;

    /// <summary>Runs <paramref name="connection"/> in the background and forgets it once it ends.</summary>
    public void Run(Func<Task> connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Add(connection);
    }

    /// <summary>
    /// Runs <paramref name="connection"/> like <see cref="Run"/> unless <paramref name="limit"/>
    /// connections are already running: then it returns false and the caller refuses it. The check
    /// and the add are one step, so concurrent callers never pass the limit together.
    /// </summary>
    public bool TryRun(Func<Task> connection, int limit)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_admission)
        {
            if (_tasks.Count >= limit)
            {
                return false;
            }
            Add(connection);
            return true;
        }
    }

    private void Add(Func<Task> connection)
    {
        var id = Interlocked.Increment(ref _next);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tasks[id] = started.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await connection().ConfigureAwait(false);
            }
            finally
            {
                _tasks.TryRemove(id, out _);
                started.SetResult();
            }
        });
    }

    /// <summary>Waits for every connection (each must already have been told to stop), at most <paramref name="timeout"/>.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(_tasks.Values).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported by the caller through Count; a stuck connection must not block the reconcile loop.
        }
    }
}
