using System.Diagnostics;
using QuantumAgents.Bench.Kme;

namespace QuantumAgents.Bench.ControlPlane;

/// <summary>
/// Open-loop load: requests start on a fixed schedule whether or not earlier ones have answered,
/// as independent clients would send them. Latency counts from when a request was due, not from
/// when it was sent, so a server (or a sender) that falls behind shows in the percentiles instead
/// of quietly lowering the rate (coordinated omission).
/// </summary>
public static class FixedRateRunner
{
    public static async Task<FixedRateResult> RunAsync(double perSecond, TimeSpan warmUp, TimeSpan duration, Func<CancellationToken, Task> operation)
    {
        await RunPhaseAsync(perSecond, warmUp, operation).ConfigureAwait(false);
        return await RunPhaseAsync(perSecond, duration, operation).ConfigureAwait(false);
    }

    private static async Task<FixedRateResult> RunPhaseAsync(double perSecond, TimeSpan duration, Func<CancellationToken, Task> operation)
    {
        var count = (int)(perSecond * duration.TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, "perSecond x duration");
        var ticksApart = Stopwatch.Frequency / perSecond;
        var latenciesMs = new double[count];
        var finished = new long[count];
        long failed = 0;
        string? firstError = null;
        var inFlight = 0;
        var peakInFlight = 0;
        var sends = new Task[count];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * ticksApart);
            var early = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (early > TimeSpan.Zero)
            {
                // Timers tick in about 1 ms steps: every request that fell due meanwhile goes out on waking.
                await Task.Delay(early).ConfigureAwait(false);
            }
            var index = i;
            sends[i] = Task.Run(async () =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peakInFlight, now);
                try
                {
                    await operation(CancellationToken.None).ConfigureAwait(false);
                    latenciesMs[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    latenciesMs[index] = double.NaN;
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                }
                finished[index] = Stopwatch.GetTimestamp();
                Interlocked.Decrement(ref inFlight);
            });
        }
        await Task.WhenAll(sends).ConfigureAwait(false);
        // Achieved: answers over the time from the first due request to the last answer.
        var elapsed = Stopwatch.GetElapsedTime(start, finished.Max());
        var answered = latenciesMs.Where(l => !double.IsNaN(l)).ToList();
        var maxMs = answered.Count == 0 ? double.NaN : answered.Max();
        return new FixedRateResult(perSecond, LoadResult.From(peakInFlight, elapsed, failed, answered), maxMs, firstError);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }
}
