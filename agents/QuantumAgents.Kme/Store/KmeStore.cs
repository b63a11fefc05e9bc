using QuantumAgents.Core.Storage;

namespace QuantumAgents.Kme.Store;

/// <summary>
/// The KME's durable state in SQLite: the pools, the keys waiting for slaves, and the delivery
/// ledger. Writes are group-committed: a caller's write is committed (and, by default, flushed
/// to disk) when its task completes, and a failing write rolls back alone.
/// </summary>
public sealed class KmeStore : IAsyncDisposable
{
    /// <summary>
    /// How soon erased key material is gone from every file of the state directory: SQLite's
    /// <c>secure_delete</c> zeroes it in the database file, but the write-ahead log keeps the
    /// page images written before the erase until it is truncated.
    /// </summary>
    private static readonly TimeSpan ErasedKeysLeaveTheDiskWithin = TimeSpan.FromSeconds(1);

    private readonly GroupCommitDatabase<StoreTransaction> _database;

    private KmeStore(GroupCommitDatabase<StoreTransaction> database) => _database = database;

    public string Path => _database.Path;

    /// <param name="flushEveryCommit">
    /// fsync every commit (synchronous=FULL), so a commit survives power loss; otherwise it
    /// survives the process dying (WAL, synchronous=NORMAL) and reaches the disk at checkpoints.
    /// </param>
    public static async Task<KmeStore> OpenAsync(string directory, bool flushEveryCommit = true)
    {
        var store = new KmeStore(new GroupCommitDatabase<StoreTransaction>(System.IO.Path.Combine(directory, "kme.db"), StoreSchema.Statements,
            flushEveryCommit, connection => new StoreTransaction(connection), "kme-store-writer", ErasedKeysLeaveTheDiskWithin));
        try
        {
            await store.WriteAsync(t => { t.Migrate(); return 0; }).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return store;
    }

    /// <summary>Runs <paramref name="work"/> in the next batch; completes once that batch is committed.</summary>
    public Task<T> WriteAsync<T>(Func<StoreTransaction, T> work) => _database.WriteAsync(work);

    /// <summary>
    /// As <see cref="WriteAsync{T}"/>, but the commit survives power loss whatever the
    /// durability: for what must be on the disk before something leaves this KME (a range
    /// used, a stream offset spent), so that no restart can use it again.
    /// </summary>
    public Task<T> WriteBeforeSendingAsync<T>(Func<StoreTransaction, T> work) => _database.WriteAsync(work, flush: true);

    /// <summary>The persisted pool of a link, merged into contiguous segments per owner, for loading at start-up.</summary>
    public Task<IReadOnlyList<StoredSegment>> LoadPoolAsync(string link) => WriteAsync(t => t.LoadPool(link));

    public Task<long> LoadStreamEndAsync(string link) => WriteAsync(t => t.LoadStreamEnd(link));

    public Task<long> LoadReservedToAsync(string link) => WriteAsync(t => t.LoadReservedTo(link));

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
