using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace QuantumAgents.Core.Storage;

/// <summary>
/// Keeps the write-ahead log from holding old page images for long. A delete (even with
/// <c>secure_delete</c>) only writes new page images; the frames written before it, such as
/// the one that inserted a key, stay readable in the <c>-wal</c> file, which a checkpoint
/// reuses from its start rather than shortens. So after a batch changes rows, the writer
/// truncates the log within the interval: one checkpoint for all the batches of an
/// interval, not one per commit. Used only by the writer thread, between batches.
/// </summary>
internal sealed class JournalTruncation(SqliteCommands commands, TimeSpan interval)
{
    private long _changesSeen = commands.TotalChanges();
    private long? _armedAt;
    private long _completed;
    private long _deferred;

    /// <summary>Truncations done: each one left the <c>-wal</c> file empty.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Attempts put off because a reader on another connection still needed the log (or the checkpoint failed).</summary>
    public long Deferred => Interlocked.Read(ref _deferred);

    /// <summary>How long the writer may wait for writes before it owes a truncation; null when it owes none.</summary>
    public TimeSpan? TimeUntilDue
    {
        get
        {
            if (_armedAt is not { } armedAt)
            {
                return null;
            }
            var left = interval - Stopwatch.GetElapsedTime(armedAt);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// After each batch, committed or not: the first one that changed rows (a rolled-back batch
    /// may have spilled pages into the log too) since the last truncation starts the interval.
    /// </summary>
    public void AfterBatch()
    {
        var changes = commands.TotalChanges();
        if (changes != _changesSeen)
        {
            _changesSeen = changes;
            _armedAt ??= Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Truncates the log if it is due; if a reader keeps it, tries again an interval later rather than at once.</summary>
    public void TruncateIfDue()
    {
        if (TimeUntilDue is not { } untilDue || untilDue > TimeSpan.Zero)
        {
            return;
        }
        bool truncated;
        try
        {
            truncated = commands.TryTruncateJournal();
        }
        catch (SqliteException)
        {
            // An I/O error now must not stop the writer; the next attempt may succeed.
            truncated = false;
        }
        if (truncated)
        {
            _armedAt = null;
            Interlocked.Increment(ref _completed);
        }
        else
        {
            _armedAt = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _deferred);
        }
    }
}
