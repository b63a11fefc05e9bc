using System.Diagnostics;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace QuantumAgents.Core.Tests.Storage;

/// <summary>With <c>truncateJournalWithin</c>, what a batch erased leaves the write-ahead log too, within the interval.</summary>
public sealed class JournalTruncationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generously = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_erased_row_leaves_every_file_of_the_database_within_the_interval()
    {
        await using var database = new TempDatabase(truncateJournalWithin: TimeSpan.FromSeconds(1));
        var secret = RandomNumberGenerator.GetBytes(32);
        await database.Database.WriteAsync(t =>
        {
            t.InsertSecret(1, secret);
            return 0;
        });
        // The scan finds it while it is stored.
        Assert.NotEmpty(database.FilesContaining(secret));

        await database.Database.WriteAsync(t =>
        {
            t.DeleteSecret(1);
            return 0;
        });
        var sinceDelete = Stopwatch.StartNew();
        var emptied = await Poll.UntilAsync(() => Truncated(database), Generously);
        output.WriteLine($"the log was empty {sinceDelete.ElapsedMilliseconds} ms after the delete committed");

        Assert.True(emptied, $"the log still holds {database.JournalLength} bytes");
        Assert.True(File.Exists(database.Database.Path));
        Assert.Empty(database.FilesContaining(secret));
        Assert.InRange(database.Database.JournalTruncations, 1, 2);
    }

    [Fact]
    public async Task Without_truncation_an_erased_row_stays_in_the_log()
    {
        await using var database = new TempDatabase();
        var secret = RandomNumberGenerator.GetBytes(32);
        await database.Database.WriteAsync(t =>
        {
            t.InsertSecret(1, secret);
            return 0;
        });
        await database.Database.WriteAsync(t =>
        {
            t.DeleteSecret(1);
            return 0;
        });

        // secure_delete zeroed the row's new page image; the frame that inserted it is still in the log.
        Assert.Equal([database.JournalPath], database.FilesContaining(secret));
        Assert.Equal(0, database.Database.JournalTruncations);
    }

    [Fact]
    public async Task A_burst_of_commits_shares_a_few_truncations()
    {
        var interval = TimeSpan.FromMilliseconds(500);
        await using var database = new TempDatabase(interval);
        var burst = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            var id = i;
            await database.Database.WriteAsync(t =>
            {
                t.InsertSecret(id, RandomNumberGenerator.GetBytes(32));
                return 0;
            });
        }
        burst.Stop();
        // The last commit left frames in the log: it is empty again only after the truncation that commit owed.
        Assert.True(await Poll.UntilAsync(() => Truncated(database), Generously), "the log was never truncated");

        // One truncation per interval the burst spanned, plus the one after its last commit: not one per commit.
        var allowed = (long)(burst.Elapsed / interval) + 2;
        output.WriteLine($"200 commits in {burst.ElapsedMilliseconds} ms, {database.Database.JournalTruncations} truncation(s)");
        Assert.InRange(database.Database.JournalTruncations, 1, allowed);
    }

    [Fact]
    public async Task A_reader_on_another_connection_puts_the_truncation_off_until_it_ends()
    {
        var interval = TimeSpan.FromMilliseconds(100);
        await using var database = new TempDatabase(interval);
        await using var reader = database.OpenOtherConnection();
        Execute(reader, "BEGIN");
        Execute(reader, "SELECT count(*) FROM secrets");
        var held = Stopwatch.StartNew();
        await database.Database.WriteAsync(t =>
        {
            t.InsertSecret(1, RandomNumberGenerator.GetBytes(32));
            return 0;
        });

        await Task.Delay(interval * 10);
        Assert.Equal(0, database.Database.JournalTruncations);
        Assert.NotEqual(0, database.JournalLength);
        // Tried about once an interval while the reader held the log, not in a loop.
        var deferred = database.Database.JournalTruncationsDeferred;
        Assert.InRange(deferred, 1, (long)(held.Elapsed / interval) + 1);

        Execute(reader, "COMMIT");
        Assert.True(await Poll.UntilAsync(() => Truncated(database), Generously), "the log was never truncated");
        Assert.Equal(1, database.Database.JournalTruncations);
        Assert.True(database.Database.JournalTruncationsDeferred >= deferred);
    }

    [Fact]
    public async Task Disposing_while_a_truncation_is_owed_neither_waits_for_it_nor_runs_it_later()
    {
        var database = new TempDatabase(truncateJournalWithin: TimeSpan.FromSeconds(30));
        await database.Database.WriteAsync(t =>
        {
            t.InsertSecret(1, RandomNumberGenerator.GetBytes(32));
            return 0;
        });

        var disposing = Stopwatch.StartNew();
        await database.DisposeAsync();
        Assert.InRange(disposing.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(0, database.Database.JournalTruncations);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_interval_that_is_not_positive_is_refused(int milliseconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TempDatabase(TimeSpan.FromMilliseconds(milliseconds)));

    /// <summary>The log is empty, and the writer has counted that (the file shrinks a moment before the checkpoint returns).</summary>
    private static bool Truncated(TempDatabase database) => database.JournalLength == 0 && database.Database.JournalTruncations > 0;

    private static void Execute(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
