using QuantumAgents.Bench.Kme;

namespace QuantumAgents.Bench.ControlPlane;

/// <summary>
/// An open-loop run: the rate asked for, and what was measured. <see cref="LoadResult.Concurrency"/>
/// of <see cref="Measured"/> is the most requests that were in flight at once; <see cref="FirstError"/>
/// says why the first failed request failed.
/// </summary>
public sealed record FixedRateResult(double TargetPerSecond, LoadResult Measured, double MaxMs, string? FirstError);
