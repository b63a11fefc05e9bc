using System.Diagnostics;

namespace QuantumAgents.Bench.Tls;

/// <summary>
/// Work per second of wall-clock time, and per second of the process's CPU time (all its
/// threads). The second barely moves with the machine's other load; the first is what a user sees.
/// </summary>
internal readonly record struct Measurement(double PerSecond, double PerCpuSecond)
{
    /// <summary>Times <paramref name="work"/> units done between <see cref="Start"/> and now.</summary>
    public static Measurement Since((long Ticks, TimeSpan Cpu) start, double work) =>
        new(work / Stopwatch.GetElapsedTime(start.Ticks).TotalSeconds,
            work / (Process.GetCurrentProcess().TotalProcessorTime - start.Cpu).TotalSeconds);

    public static (long Ticks, TimeSpan Cpu) Start() => (Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime);
}
