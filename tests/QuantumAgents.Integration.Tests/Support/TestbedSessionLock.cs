namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// One test assembly on the testbed at a time. `dotnet test` on the solution runs test
/// assemblies in parallel, and the integration and end-to-end tests bring up and tear down the
/// same namespaces; testbed.sh's own lock covers a single command, this one a whole fixture.
/// An flock(2) on its own file, so a caller that holds testbed.sh's lock does not deadlock it.
/// </summary>
public sealed class TestbedSessionLock : IDisposable
{
    private readonly FileStream _held;

    private TestbedSessionLock(FileStream held) => _held = held;

    public static string FilePath => Environment.GetEnvironmentVariable("QA_TESTBED_SESSION_LOCK") ?? "/run/qa-testbed.session.lock";

    public static async Task<TestbedSessionLock> AcquireAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive, non-blocking flock on Linux.
                return new TestbedSessionLock(new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException e)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"another test run held {FilePath} for {timeout.TotalMinutes} min", e);
                }
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    public void Dispose() => _held.Dispose();
}
