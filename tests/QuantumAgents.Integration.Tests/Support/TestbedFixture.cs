namespace QuantumAgents.Integration.Tests.Support;

/// <summary>Brings the testbed up once for every test that needs it, and down at the end.</summary>
public sealed class TestbedFixture : IAsyncLifetime
{
    private TestbedSessionLock? _session;

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
        _session = await TestbedSessionLock.AcquireAsync(TimeSpan.FromMinutes(30));
        // With the session lock held, whatever is up was left by a test host that died (a hang
        // dump, a crash) before its DisposeAsync: take it down so this session starts clean.
        await Testbed.RunAsync("down");
        await Testbed.RunAsync("up");
        Testbed = Testbed.Load();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Testbed.RunAsync("down");
        }
        finally
        {
            _session?.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TestbedGroup : ICollectionFixture<TestbedFixture>
{
    public const string Name = "testbed";
}
