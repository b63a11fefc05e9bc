using Microsoft.Data.Sqlite;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Tests.Store;

/// <summary>A <see cref="KmeStore"/> in a throw-away directory, reopenable, deleted on dispose.</summary>
public sealed class TempStore : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "qa-kme-tests-" + Guid.NewGuid().ToString("N"));

    public KmeStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await KmeStore.OpenAsync(Directory);

    /// <summary>Closes the store and opens the same directory again, as after a restart.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await KmeStore.OpenAsync(Directory);
    }

    public Task<T> Write<T>(Func<StoreTransaction, T> work) => Store.WriteAsync(work);

    public Task Write(Action<StoreTransaction> work) => Store.WriteAsync(t => { work(t); return 0; });

    /// <summary>A direct read of the database file, for what the store's API does not expose.</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Store.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public List<(long Start, int Length)> PoolRows(string link)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Store.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT start, length(material) FROM pool WHERE link = $link ORDER BY start";
        command.Parameters.AddWithValue("$link", link);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, int)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt32(1)));
        }
        return rows;
    }

    /// <summary>The files of the store's directory (the database, its log, its shared memory) that hold <paramref name="needle"/>.</summary>
    public IReadOnlyList<string> FilesContaining(byte[] needle) =>
        [.. System.IO.Directory.GetFiles(Directory).Where(file => ReadShared(file).AsSpan().IndexOf(needle) >= 0)];

    // SQLite holds these files open for writing while we read them.
    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
