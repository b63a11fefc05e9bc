using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace QuantumAgents.Core.Storage;

/// <summary>
/// A SQLite database whose writes all go through one writer thread that commits them in
/// batches (group commit): a caller's write is committed (and, with <c>flushEveryCommit</c>,
/// flushed to disk) when its task completes, and a failing write rolls back alone. Many
/// concurrent callers share one fsync instead of queueing for one each.
/// </summary>
public sealed class GroupCommitDatabase<TCommands> : IAsyncDisposable where TCommands : SqliteCommands
{
    private const int MaxBatch = 512;

    private readonly SqliteConnection _connection;
    private readonly TCommands _commands;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writer;
    private readonly JournalTruncation? _journalTruncation;
    private readonly bool _flushEveryCommit;
    private Task<bool>? _writesWaiting;

    /// <summary>Opens (or creates) the database at <paramref name="path"/> and starts its writer.</summary>
    /// <param name="schema">Statements run once at open (pragmas, <c>CREATE TABLE IF NOT EXISTS</c>).</param>
    /// <param name="flushEveryCommit">
    /// fsync every commit (synchronous=FULL), so a commit survives power loss; otherwise it
    /// survives the process dying (WAL, synchronous=NORMAL) and reaches the disk at checkpoints.
    /// </param>
    /// <param name="truncateJournalWithin">
    /// When set (for a WAL database), rows a batch changed, deletes included, leave the
    /// <c>-wal</c> file within this long after that batch: the writer then truncates the log.
    /// Null leaves the log to SQLite's own checkpoints, which keep old frames in it.
    /// </param>
    public GroupCommitDatabase(string path, IEnumerable<string> schema, bool flushEveryCommit,
        Func<SqliteConnection, TCommands> createCommands, string writerName, TimeSpan? truncateJournalWithin = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(createCommands);
        if (truncateJournalWithin is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(truncateJournalWithin));
            // The longest a wait for writes can be bounded by.
            ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, TimeSpan.FromMilliseconds(int.MaxValue), nameof(truncateJournalWithin));
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        _commands = createCommands(_connection);
        foreach (var statement in schema)
        {
            _commands.Execute(statement);
        }
        _flushEveryCommit = flushEveryCommit;
        _commands.Execute(flushEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        _journalTruncation = truncateJournalWithin is { } within ? new JournalTruncation(_commands, within) : null;
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = writerName };
        _writer.Start();
    }

    public string Path { get; }

    /// <summary>How many times the writer has truncated the write-ahead log (0 unless <c>truncateJournalWithin</c> is set).</summary>
    public long JournalTruncations => _journalTruncation?.Completed ?? 0;

    /// <summary>Truncations put off because another connection was reading the log (or the checkpoint failed).</summary>
    internal long JournalTruncationsDeferred => _journalTruncation?.Deferred ?? 0;

    /// <summary>Runs <paramref name="work"/> in the next batch; completes once that batch is committed.</summary>
    /// <param name="flush">
    /// The write must survive power loss even in a database opened without
    /// <c>flushEveryCommit</c>: its batch is flushed to disk (synchronous=FULL) before it completes.
    /// </param>
    public Task<T> WriteAsync<T>(Func<TCommands, T> work, bool flush = false)
    {
        var pending = new PendingWrite<T>(work, flush);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(pending), this);
        return pending.Task;
    }

    private void WriterLoop()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (WaitForWritesOrTruncation())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            if (batch.Count > 0)
            {
                RunBatch(batch);
                _journalTruncation?.AfterBatch();
            }
            // Between batches, outside any transaction; during a burst of writes, this is where a due truncation happens.
            _journalTruncation?.TruncateIfDue();
        }
    }

    /// <summary>
    /// Waits until writes are queued or, when one is owed, a truncation of the log is due (this
    /// thread's own timer: no other thread may touch the connection). False once disposed and drained.
    /// </summary>
    private bool WaitForWritesOrTruncation()
    {
        // A wait that timed out is kept for the next call: the channel allows one reader, so one wait at a time.
        _writesWaiting ??= _writes.Reader.WaitToReadAsync().AsTask();
        if (_journalTruncation?.TimeUntilDue is { } untilDue && !_writesWaiting.Wait(untilDue))
        {
            return true;
        }
        var more = _writesWaiting.GetAwaiter().GetResult();
        _writesWaiting = null;
        return more;
    }

    private void RunBatch(List<PendingWrite> batch)
    {
        var flushThisBatch = !_flushEveryCommit && batch.Exists(p => p.Flush);
        try
        {
            if (flushThisBatch)
            {
                _commands.Execute("PRAGMA synchronous = FULL");
            }
            using var transaction = _connection.BeginTransaction();
            _commands.Current = transaction;
            foreach (var pending in batch)
            {
                _commands.Execute("SAVEPOINT item");
                try
                {
                    pending.Run(_commands);
                    _commands.Execute("RELEASE item");
                }
                catch (Exception e)
                {
                    // The item's own failure (a refusal, a constraint): undo it alone; the batch goes on.
                    _commands.Execute("ROLLBACK TO item");
                    _commands.Execute("RELEASE item");
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
            _commands.Current = null;
            if (flushThisBatch)
            {
                _commands.Execute("PRAGMA synchronous = NORMAL");
            }
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

    private abstract class PendingWrite(bool flush)
    {
        public bool Flush { get; } = flush;

        public abstract void Run(TCommands commands);
        public abstract void Fail(Exception e);
        public abstract void Complete();
    }

    private sealed class PendingWrite<T>(Func<TCommands, T> work, bool flush) : PendingWrite(flush)
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private bool _hasResult;
        private bool _failed;

        public Task<T> Task => _completion.Task;

        public override void Run(TCommands commands)
        {
            _result = work(commands);
            _hasResult = true;
        }

        public override void Fail(Exception e)
        {
            _failed = true;
            // The work ran, but its batch did not commit: nobody will ever see this result.
            if (_hasResult)
            {
                _hasResult = false;
                UndeliveredResult.Dispose(_result);
                _result = default;
            }
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
