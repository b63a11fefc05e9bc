namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>A directory for PSK session files (they hold key material), removed afterwards.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("qa-openssl-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
