namespace QuantumAgents.Integration.Tests.Support;

/// <summary>Brings the testbed up once for every test that needs it, and down at the end.</summary>
public sealed class TestbedFixture : IAsyncLifetime
{
    public Testbed Testbed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Prerequisites.RequireRootAndPrograms("ip", "openssl", "curl", "jq", "sqlite3");
        foreach (var binary in new[] { Repository.KmeBinary, Repository.ControlPlaneBinary })
        {
            if (!File.Exists(binary))
            {
                throw new InvalidOperationException($"{binary} is missing: build with `dotnet build -c Release` (scripts/test.sh does)");
            }
        }
        await Testbed.RunAsync("up");
        Testbed = Testbed.Load();
    }

    public Task DisposeAsync() => Testbed.RunAsync("down");
}

[CollectionDefinition(Name)]
public sealed class TestbedGroup : ICollectionFixture<TestbedFixture>
{
    public const string Name = "testbed";
}
