using System.Diagnostics;

namespace QuantumAgents.Bench.Tls;

/// <summary>
/// Work per second of wall-clock time, and per second of the process's CPU time (all its
/// threads). The second barely moves with the machine's other load; the first is what a user sees.
/// For .NET runs also the managed bytes allocated per unit of work and the gen-0 collections:
/// deterministic where the times are noisy (NaN for the C program).
/// </summary>
internal readonly record struct Measurement(double PerSecond, double PerCpuSecond, double AllocatedPerUnit = double.NaN, int Collections = 0)
{
    /// <summary>Times <paramref name="work"/> units done between <see cref="Start"/> and now.</summary>
    public static Measurement Since(Mark start, double work) =>
        new(work / Stopwatch.GetElapsedTime(start.Ticks).TotalSeconds,
            work / (Process.GetCurrentProcess().TotalProcessorTime - start.Cpu).TotalSeconds,
            (GC.GetTotalAllocatedBytes(precise: true) - start.Allocated) / work,
            GC.CollectionCount(0) - start.Collections);

    public static Mark Start() =>
        new(Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0));

    internal readonly record struct Mark(long Ticks, TimeSpan Cpu, long Allocated, int Collections);
}
