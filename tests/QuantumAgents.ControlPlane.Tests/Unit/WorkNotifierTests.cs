using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Tests.Unit;

/// <summary>The long poll's revision semantics, with short real timeouts: no assertion is on how long anything took.</summary>
public sealed class WorkNotifierTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    private readonly WorkNotifier _work = new(startRevision: 7);

    [Fact]
    public void An_agent_never_heard_of_starts_at_the_revision_the_notifier_was_given()
    {
        Assert.Equal(7, _work.Current("cait", AgentKind.Ipsec));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(8)]
    public async Task A_wait_with_a_revision_that_is_not_current_returns_the_current_one_at_once(long known)
    {
        var wait = _work.WaitAsync("cait", AgentKind.Ipsec, known, Long, CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.Equal(7, await wait);
    }

    [Fact]
    public async Task A_wait_on_the_current_revision_wakes_on_a_publish_for_its_agent_with_the_new_revision()
    {
        var wait = _work.WaitAsync("cait", AgentKind.Ipsec, 7, Long, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        _work.Publish(9, [("cait", AgentKind.Ipsec), ("ccs", AgentKind.Ipsec)]);

        Assert.Equal(9, await wait.WaitAsync(Long));
        Assert.Equal(9, _work.Current("ccs", AgentKind.Ipsec));
    }

    [Fact]
    public async Task A_publish_for_another_agent_does_not_wake_it_and_the_time_up_returns_the_same_revision()
    {
        var wait = _work.WaitAsync("cait", AgentKind.Ipsec, 7, Short, CancellationToken.None);

        _work.Publish(8, [("cait", AgentKind.Tls), ("ccs", AgentKind.Ipsec)]);

        Assert.Equal(7, await wait.WaitAsync(Long));
        Assert.Equal(8, _work.Current("cait", AgentKind.Tls));
    }

    [Fact]
    public async Task A_publish_that_is_not_newer_neither_wakes_nor_moves_the_revision_back()
    {
        _work.Publish(12, [("cait", AgentKind.Ipsec)]);
        var wait = _work.WaitAsync("cait", AgentKind.Ipsec, 12, Short, CancellationToken.None);

        _work.Publish(10, [("cait", AgentKind.Ipsec)]);
        _work.Publish(12, [("cait", AgentKind.Ipsec)]);

        Assert.Equal(12, await wait.WaitAsync(Long));
        Assert.Equal(12, _work.Current("cait", AgentKind.Ipsec));
    }

    [Fact]
    public async Task Every_waiter_on_an_agent_is_woken_by_one_publish()
    {
        var waits = Enumerable.Range(0, 20).Select(_ => _work.WaitAsync("cait", AgentKind.Ipsec, 7, Long, CancellationToken.None)).ToList();

        _work.Publish(8, [("cait", AgentKind.Ipsec)]);

        Assert.All(await Task.WhenAll(waits).WaitAsync(Long), revision => Assert.Equal(8, revision));
    }

    [Fact]
    public async Task A_wait_whose_caller_goes_away_is_cancelled()
    {
        using var gone = new CancellationTokenSource();
        var wait = _work.WaitAsync("cait", AgentKind.Ipsec, 7, Long, gone.Token);

        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Long));
    }
}
