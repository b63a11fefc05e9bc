namespace QuantumAgents.Core.Tests.Hosting;

/// <summary>A throw-away directory for configuration files, deleted on dispose.</summary>
public sealed class ConfigDirectory : IDisposable
{
    public ConfigDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qa-core-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string fileName, string content)
    {
        var file = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
