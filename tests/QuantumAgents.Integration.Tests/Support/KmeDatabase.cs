using CliWrap;
using CliWrap.Buffered;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>Reads a running KME's SQLite state with the sqlite3 program (read-only; WAL lets it read alongside the KME).</summary>
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
}
