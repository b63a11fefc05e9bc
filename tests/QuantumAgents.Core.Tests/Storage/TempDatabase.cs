using QuantumAgents.Core.Storage;

namespace QuantumAgents.Core.Tests.Storage;

/// <summary>A <see cref="GroupCommitDatabase{TCommands}"/> in a throw-away directory, deleted on dispose.</summary>
public sealed class TempDatabase : IAsyncDisposable
{
    /// <summary>Set up as the KME's store is: WAL, and deletes that overwrite what they delete.</summary>
    public static readonly string[] Schema =
    [
        "PRAGMA journal_mode = WAL",
        "PRAGMA secure_delete = ON",
        "PRAGMA foreign_keys = ON",
        "CREATE TABLE IF NOT EXISTS parent (id INTEGER PRIMARY KEY)",
        "CREATE TABLE IF NOT EXISTS child (parent_id INTEGER NOT NULL REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qa-core-store-tests-" + Guid.NewGuid().ToString("N"));

    public TempDatabase() =>
        Database = new GroupCommitDatabase<TestCommands>(Path.Combine(_directory, "test.db"), Schema, flushEveryCommit: false,
            connection => new TestCommands(connection), "test-store-writer");

    public GroupCommitDatabase<TestCommands> Database { get; }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
