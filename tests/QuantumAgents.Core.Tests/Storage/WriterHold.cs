namespace QuantumAgents.Core.Tests.Storage;

/// <summary>
/// Holds a group-commit writer thread inside one write, so that every write queued meanwhile
/// lands in one batch once it is released. Shared with the KME's store tests.
/// </summary>
public sealed class WriterHold : IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private Task _holding = Task.CompletedTask;

    /// <param name="write">Queues a write that runs the given work (e.g. <c>work => database.WriteAsync(_ => work())</c>).</param>
    public static async Task<WriterHold> StartAsync(Func<Func<int>, Task> write)
    {
        var hold = new WriterHold();
        var running = new TaskCompletionSource();
        hold._holding = write(() =>
        {
            running.SetResult();
            hold._release.Wait(TimeSpan.FromSeconds(10));
            return 0;
        });
        await running.Task;
        return hold;
    }

    /// <summary>Lets the writer go on to the batch queued meanwhile; completes with the holding write.</summary>
    public Task ReleaseAsync()
    {
        _release.Set();
        return _holding;
    }

    public void Dispose() => _release.Dispose();
}
