namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// Integration tests drive real programs in network namespaces: without root or a program they
/// fail at once, saying what to do. They never skip.
/// </summary>
public static class Prerequisites
{
    public static void RequireRootAndPrograms(params string[] programs)
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !IsUidZero())
        {
            throw new InvalidOperationException("integration tests need root (network namespaces): run scripts/test.sh as root");
        }
        var missing = programs.Where(p => !OnPath(p)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"missing program(s): {string.Join(", ", missing)}: run scripts/setup.sh");
        }
    }

    private static bool IsUidZero() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));
}
