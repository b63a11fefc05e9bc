using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Tests.Store;

/// <summary>A database written by a KME from before block ownership (schema version 0), opened by this one.</summary>
public sealed class KmeStoreMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qa-kme-migration-").FullName;
    private readonly byte[] _oldPool = RandomNumberGenerator.GetBytes(2048);

    private string DatabasePath => Path.Combine(_directory, "kme.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_shared_pool_of_version_0_is_erased_the_stream_end_kept_and_hops_become_stream_uses()
    {
        WriteVersion0Database();

        await using (var store = await KmeStore.OpenAsync(_directory))
        {
            Assert.Empty(await store.LoadPoolAsync("cait-ccs"));
            Assert.Equal(2048, await store.LoadStreamEndAsync("cait-ccs"));
            // The migrated pool takes owned blocks like a new one.
            await store.WriteAsync(t => { t.InsertPoolBlock("cait-ccs", 2048, "ccs", new byte[16]); return 0; });
            Assert.Equal("ccs", Assert.Single(await store.LoadPoolAsync("cait-ccs")).Owner);
        }

        Assert.Equal(1L, Scalar("PRAGMA user_version"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'hops'"));
        Assert.Equal(64L, Scalar("SELECT length FROM stream_uses WHERE ref = 'message-1' AND use = 'sealed' AND link = 'cait-ccs' AND start IS NULL"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM ledger"));
        // Erased, not just unlinked: the old pool's bytes are in no file of the directory.
        foreach (var file in Directory.GetFiles(_directory))
        {
            Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(_oldPool.AsSpan(0, 16)));
        }
    }

    [Fact]
    public async Task A_current_database_is_opened_unchanged()
    {
        await using (var store = await KmeStore.OpenAsync(_directory))
        {
            await store.WriteAsync(t => { t.InsertPoolBlock("cait-ccs", 0, "cait", _oldPool); return 0; });
        }
        await using (var reopened = await KmeStore.OpenAsync(_directory))
        {
            var segment = Assert.Single(await reopened.LoadPoolAsync("cait-ccs"));
            Assert.Equal(_oldPool, segment.Material.AsReadOnlySpan().ToArray());
        }
    }

    /// <summary>The tables as the KME before ownership created them, with a pool, a hop and a ledger row.</summary>
    private void WriteVersion0Database()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            PRAGMA secure_delete = ON;
            CREATE TABLE pool (link TEXT NOT NULL, start INTEGER NOT NULL, material BLOB NOT NULL, PRIMARY KEY (link, start)) WITHOUT ROWID;
            CREATE TABLE link_state (link TEXT PRIMARY KEY, stream_end INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE hops (message_id TEXT NOT NULL, link TEXT NOT NULL, role TEXT NOT NULL, bytes INTEGER NOT NULL, at INTEGER NOT NULL,
                PRIMARY KEY (message_id, link, role)) WITHOUT ROWID;
            CREATE TABLE ledger (key_id TEXT NOT NULL, sae TEXT NOT NULL, role TEXT NOT NULL, link TEXT NOT NULL,
                size_bits INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (key_id, sae, role)) WITHOUT ROWID;
            INSERT INTO link_state VALUES ('cait-ccs', 2048);
            INSERT INTO hops VALUES ('message-1', 'cait-ccs', 'sealed', 64, 5);
            INSERT INTO ledger VALUES ('key-1', 'cait', 'master', 'cait-ccs', 256, 5);
            """);
        for (var start = 0; start < _oldPool.Length; start += 1024)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO pool VALUES ('cait-ccs', $start, $material)";
            insert.Parameters.AddWithValue("$start", start);
            insert.Parameters.AddWithValue("$material", _oldPool[start..(start + 1024)]);
            insert.ExecuteNonQuery();
        }
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
