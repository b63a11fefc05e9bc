using Microsoft.Data.Sqlite;

namespace QuantumAgents.Core.Storage;

/// <summary>
/// The typed statements a write may run, on the writer thread inside the current batch's
/// transaction. A store derives its own operations from this; statements are prepared once
/// and reused.
/// </summary>
public abstract class SqliteCommands
{
    private readonly Dictionary<string, SqliteCommand> _commands = [];

    protected SqliteCommands(SqliteConnection connection) => Connection = connection;

    protected SqliteConnection Connection { get; }

    internal SqliteTransaction? Current { get; set; }

    protected SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = Current;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    protected internal void Execute(string sql) => Command(sql).ExecuteNonQuery();

    /// <summary>Rows inserted, updated or deleted through this connection since it opened, committed or not.</summary>
    internal long TotalChanges() => (long)Command("SELECT total_changes()").ExecuteScalar()!;

    /// <summary>
    /// Copies the write-ahead log into the database file and truncates it to zero bytes, outside
    /// any transaction. False when SQLite reports the checkpoint busy (a reader on another
    /// connection still reads from the log), and the log stays as it was.
    /// </summary>
    internal bool TryTruncateJournal()
    {
        using var reader = Command("PRAGMA wal_checkpoint(TRUNCATE)").ExecuteReader();
        return reader.Read() && reader.GetInt64(0) == 0;
    }
}
