using QuantumAgents.TlsAgent.Proxy;

namespace QuantumAgents.TlsAgent.Tests;

public sealed class LiveConnectionsTests
{
    [Fact]
    public async Task Callers_racing_for_the_last_slots_never_admit_more_than_the_limit_and_a_finished_connection_frees_its_slot()
    {
        const int Limit = 5;
        var connections = new LiveConnections();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var admitted = 0;

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (connections.TryRun(() => hold.Task, Limit))
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal((Limit, Limit), (admitted, connections.Count));
        hold.SetResult();
        await connections.DrainAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, connections.Count);
        Assert.True(connections.TryRun(() => Task.CompletedTask, Limit));
    }
}
