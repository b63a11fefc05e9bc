namespace QuantumAgents.Bench.Kme;

/// <summary>What one load level measured: completed operations, failures and latency percentiles.</summary>
public sealed record LoadResult(int Concurrency, long Completed, long Failed, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Completed / Elapsed.TotalSeconds;

    public static LoadResult From(int concurrency, TimeSpan elapsed, long failed, List<double> latenciesMs)
    {
        latenciesMs.Sort();
        return new LoadResult(concurrency, latenciesMs.Count, failed, elapsed, Percentile(latenciesMs, 0.50), Percentile(latenciesMs, 0.99));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
