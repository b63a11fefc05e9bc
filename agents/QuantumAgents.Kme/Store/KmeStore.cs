using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Kme.Store;

/// <summary>
/// The KME's durable state in SQLite: the pools, the keys waiting for slaves, and the delivery
/// ledger. All writes go through one writer thread that commits them in batches (group
/// commit): a caller's write is committed (and, by default, flushed to disk) when its task
/// completes, and a failing write rolls back alone.
/// </summary>
public sealed class KmeStore : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly SqliteConnection _connection;
    private readonly StoreTransaction _transaction;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writer;

    private KmeStore(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = new StoreTransaction(connection);
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "kme-store-writer" };
    }

    public string Path { get; private init; } = "";

    /// <param name="flushEveryCommit">
    /// fsync every commit (synchronous=FULL), so a commit survives power loss; otherwise it
    /// survives the process dying (WAL, synchronous=NORMAL) and reaches the disk at checkpoints.
    /// </param>
    public static KmeStore Open(string directory, bool flushEveryCommit = true)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, "kme.db");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var store = new KmeStore(connection) { Path = path };
        foreach (var statement in StoreSchema.Statements)
        {
            store._transaction.Execute(statement);
        }
        store._transaction.Execute(flushEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        store._writer.Start();
        return store;
    }

    /// <summary>Runs <paramref name="work"/> in the next batch; completes once that batch is committed.</summary>
    public Task<T> WriteAsync<T>(Func<StoreTransaction, T> work)
    {
        var pending = new PendingWrite<T>(work);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(pending), this);
        return pending.Task;
    }

    /// <summary>The persisted pool of a link, merged into contiguous segments, for loading at start-up.</summary>
    public Task<IReadOnlyList<(long Start, SecretBytes Material)>> LoadPoolAsync(string link) => WriteAsync(t => t.LoadPool(link));

    public Task<long> LoadStreamEndAsync(string link) => WriteAsync(t => t.LoadStreamEnd(link));

    private void WriterLoop()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (_writes.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            RunBatch(batch);
        }
    }

    private void RunBatch(List<PendingWrite> batch)
    {
        try
        {
            using var transaction = _connection.BeginTransaction();
            _transaction.Current = transaction;
            foreach (var pending in batch)
            {
                _transaction.Execute("SAVEPOINT item");
                try
                {
                    pending.Run(_transaction);
                    _transaction.Execute("RELEASE item");
                }
                catch (Exception e)
                {
                    // The item's own failure (a refusal, a constraint): undo it alone; the batch goes on.
                    _transaction.Execute("ROLLBACK TO item");
                    _transaction.Execute("RELEASE item");
                    pending.Fail(e);
                }
            }
            transaction.Commit();
        }
        catch (SqliteException e)
        {
            foreach (var pending in batch)
            {
                pending.Fail(e);
            }
            return;
        }
        finally
        {
            _transaction.Current = null;
        }
        foreach (var pending in batch)
        {
            pending.Complete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await Task.Run(_writer.Join).ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private abstract class PendingWrite
    {
        public abstract void Run(StoreTransaction transaction);
        public abstract void Fail(Exception e);
        public abstract void Complete();
    }

    private sealed class PendingWrite<T>(Func<StoreTransaction, T> work) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private bool _failed;

        public Task<T> Task => _completion.Task;

        public override void Run(StoreTransaction transaction) => _result = work(transaction);

        public override void Fail(Exception e)
        {
            _failed = true;
            _completion.TrySetException(e);
        }

        public override void Complete()
        {
            if (!_failed)
            {
                _completion.TrySetResult(_result!);
            }
        }
    }
}
