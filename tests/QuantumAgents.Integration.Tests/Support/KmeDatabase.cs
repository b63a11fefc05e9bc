using CliWrap;
using CliWrap.Buffered;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>A running KME's SQLite state through the sqlite3 program (WAL lets it read alongside the KME).</summary>
public static class KmeDatabase
{
    /// <summary>The rows of <paramref name="query"/>, one string per row, columns joined by '|'.</summary>
    public static async Task<IReadOnlyList<string>> QueryAsync(string databasePath, string query)
    {
        var result = await Cli.Wrap("sqlite3").WithArguments(["-readonly", databasePath, query]).ExecuteBufferedAsync();
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The same, on a testbed node's KME.</summary>
    public static Task<IReadOnlyList<string>> QueryNodeAsync(string node, string query) => QueryAsync(Testbed.StateDatabase(node), query);

    /// <summary>
    /// Writes to a running node KME's state behind its back: a test's deliberate tampering.
    /// Waits up to 5 s for the KME's own write transaction to end.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TamperNodeAsync(string node, string statements)
    {
        var result = await Cli.Wrap("sqlite3").WithArguments(["-cmd", ".timeout 5000", Testbed.StateDatabase(node), statements]).ExecuteBufferedAsync();
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
