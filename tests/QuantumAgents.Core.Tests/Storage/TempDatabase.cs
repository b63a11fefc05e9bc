using Microsoft.Data.Sqlite;
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
        "CREATE TABLE IF NOT EXISTS secrets (id INTEGER PRIMARY KEY, material BLOB NOT NULL)",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qa-core-store-tests-" + Guid.NewGuid().ToString("N"));

    public TempDatabase(TimeSpan? truncateJournalWithin = null) =>
        Database = new GroupCommitDatabase<TestCommands>(Path.Combine(_directory, "test.db"), Schema, flushEveryCommit: false,
            connection => new TestCommands(connection), "test-store-writer", truncateJournalWithin);

    public GroupCommitDatabase<TestCommands> Database { get; }

    public string JournalPath => Database.Path + "-wal";

    public long JournalLength => File.Exists(JournalPath) ? new FileInfo(JournalPath).Length : 0;

    /// <summary>The files of the database's directory (the database, its log, its shared memory) that hold <paramref name="needle"/>.</summary>
    public IReadOnlyList<string> FilesContaining(byte[] needle) =>
        [.. Directory.GetFiles(_directory).Where(file => ReadShared(file).AsSpan().IndexOf(needle) >= 0)];

    /// <summary>A second connection, as another process (the <c>sqlite3</c> tool) would open.</summary>
    public SqliteConnection OpenOtherConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database.Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    // SQLite holds these files open for writing while we read them.
    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
