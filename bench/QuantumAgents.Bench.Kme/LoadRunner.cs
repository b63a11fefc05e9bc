using System.Diagnostics;

namespace QuantumAgents.Bench.Kme;

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers each send one request, wait for the answer,
/// and send the next, for a fixed time after a short warm-up.
/// </summary>
public static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmUp, TimeSpan duration, Func<CancellationToken, Task> operation)
    {
        await RunPhaseAsync(concurrency, warmUp, operation, record: null).ConfigureAwait(false);
        var latencies = new List<double>[concurrency];
        var clock = Stopwatch.StartNew();
        var failed = await RunPhaseAsync(concurrency, duration, operation, latencies).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        return LoadResult.From(concurrency, elapsed, failed, [.. latencies.SelectMany(l => l)]);
    }

    private static async Task<long> RunPhaseAsync(int concurrency, TimeSpan duration, Func<CancellationToken, Task> operation, List<double>[]? record)
    {
        using var stop = new CancellationTokenSource(duration);
        long failed = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = new List<double>();
            if (record is not null)
            {
                record[worker] = mine;
            }
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(CancellationToken.None).ConfigureAwait(false);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        return failed;
    }
}
