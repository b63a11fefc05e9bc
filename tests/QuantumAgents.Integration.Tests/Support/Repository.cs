namespace QuantumAgents.Integration.Tests.Support;

/// <summary>Paths in this checkout, found from the test assembly's location.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    public static string KmeBinary =>
        Environment.GetEnvironmentVariable("QA_KME_BINARY")
        ?? Path.Combine(Root, "agents", "QuantumAgents.Kme", "bin", "Release", "net10.0", "qa-kmed");

    public static string ControlPlaneBinary =>
        Environment.GetEnvironmentVariable("QA_CONTROLD_BINARY")
        ?? Path.Combine(Root, "agents", "QuantumAgents.ControlPlane", "bin", "Release", "net10.0", "qa-controld");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "QuantumAgents.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no QuantumAgents.sln above {AppContext.BaseDirectory}");
    }
}
