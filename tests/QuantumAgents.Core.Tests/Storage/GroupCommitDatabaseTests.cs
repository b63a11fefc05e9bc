using Microsoft.Data.Sqlite;

namespace QuantumAgents.Core.Tests.Storage;

/// <summary>What becomes of a write's result when its batch commits, and when it does not.</summary>
public sealed class GroupCommitDatabaseTests
{
    [Fact]
    public async Task A_batch_that_fails_to_commit_disposes_the_results_its_writes_produced()
    {
        await using var database = new TempDatabase();
        using var hold = await WriterHold.StartAsync(work => database.Database.WriteAsync(_ => work()));
        var probe = new DisposalProbe();
        var listedProbes = new[] { new DisposalProbe(), new DisposalProbe() };
        var returnsProbe = database.Database.WriteAsync(t =>
        {
            t.InsertParent(1);
            return probe;
        });
        // A list mixing disposables with things that are not: only the disposables are disposed, and nothing throws.
        var returnsList = database.Database.WriteAsync(_ => new List<object> { listedProbes[0], "not disposable", 7, listedProbes[1] });
        var orphan = database.Database.WriteAsync(t =>
        {
            t.InsertChild(parentId: 42);
            return 0;
        });
        await hold.ReleaseAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => returnsProbe);
        Assert.Contains("FOREIGN KEY", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SqliteException>(() => returnsList);
        await Assert.ThrowsAsync<SqliteException>(() => orphan);
        Assert.Equal(1, probe.Disposals);
        Assert.All(listedProbes, listed => Assert.Equal(1, listed.Disposals));
        // Nothing of the batch was committed, and the writer goes on.
        Assert.Equal(0, await database.Database.WriteAsync(t => t.CountParents()));
    }

    [Fact]
    public async Task A_committed_write_hands_its_result_to_the_caller_undisposed()
    {
        await using var database = new TempDatabase();
        var probe = new DisposalProbe();
        var listedProbes = new List<DisposalProbe> { new(), new() };

        Assert.Same(probe, await database.Database.WriteAsync(t =>
        {
            t.InsertParent(1);
            return probe;
        }));
        Assert.Same(listedProbes, await database.Database.WriteAsync(_ => listedProbes));

        Assert.Equal(0, probe.Disposals);
        Assert.All(listedProbes, listed => Assert.Equal(0, listed.Disposals));
        Assert.Equal(1, await database.Database.WriteAsync(t => t.CountParents()));
    }

    [Fact]
    public async Task A_write_that_fails_alone_leaves_its_batch_mates_results_undisposed()
    {
        await using var database = new TempDatabase();
        using var hold = await WriterHold.StartAsync(work => database.Database.WriteAsync(_ => work()));
        var probe = new DisposalProbe();
        var returnsProbe = database.Database.WriteAsync(t =>
        {
            t.InsertParent(1);
            return probe;
        });
        var duplicate = database.Database.WriteAsync(t =>
        {
            t.InsertParent(2);
            t.InsertParent(1);
            return new DisposalProbe();
        });
        await hold.ReleaseAsync();

        Assert.Same(probe, await returnsProbe);
        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.Equal(0, probe.Disposals);
        // The failing write's first insert went with it; the other write's stayed.
        Assert.Equal(1, await database.Database.WriteAsync(t => t.CountParents()));
    }

    [Fact]
    public async Task A_write_that_must_survive_power_loss_is_flushed_though_the_database_does_not_flush_every_commit()
    {
        await using var database = new TempDatabase();

        Assert.Equal(2, await database.Database.WriteAsync(t => t.Synchronous(), flush: true));
        Assert.Equal(1, await database.Database.WriteAsync(t => t.Synchronous()));
    }
}
