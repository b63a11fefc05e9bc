namespace QuantumAgents.Core.Systemd;

/// <summary>A JobRemoved signal: the job's object path, its unit, and how it ended.</summary>
internal readonly record struct RemovedJob(string Job, string Unit, string Result);
