using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Integration.Tests.Support;
using QuantumAgents.IpsecAgent.Initiating;

namespace QuantumAgents.IpsecAgent.Tests.Initiating;

/// <summary>The initiations in flight on a fake clock: attempts when due, outcomes kept for the pass, stops.</summary>
public sealed class InitiationScheduleTests : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.Zero));
    private readonly ScriptedAttempts _attempts = new();
    private readonly ConcurrentQueue<InitiationOutcome> _woken = new();
    private readonly InitiationSchedule _schedule;

    public InitiationScheduleTests() => _schedule = new InitiationSchedule(_time, Window, _attempts.AttemptAsync, _woken.Enqueue);

    public void Dispose() => _schedule.Dispose();

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public async Task An_initiation_attempts_when_due_and_once_up_is_taken_by_one_pass_which_it_wakes()
    {
        var start = _time.GetUtcNow();
        _schedule.Start("tun-1");
        Assert.True(_schedule.IsInFlight("tun-1"));
        Assert.Equal(start + Ms(1000), _schedule.NextAttemptAt("tun-1"));
        _time.Advance(Ms(999));
        Assert.False(_attempts.AnyMade);

        _time.Advance(Ms(1));
        var attempt = await _attempts.NextAsync();
        Assert.Equal("tun-1", attempt.TunnelId);
        Assert.Empty(_schedule.TakeFinished());
        attempt.Up();

        await Wait.UntilAsync(() => Task.FromResult(!_woken.IsEmpty), WaitLimit, "the pass woken");
        Assert.Equal([new InitiationOutcome("tun-1", null)], _woken);
        Assert.False(_schedule.IsInFlight("tun-1"));
        var outcome = Assert.Single(_schedule.TakeFinished());
        Assert.True(outcome.IsUp);
        Assert.Empty(_schedule.TakeFinished());
    }

    [Fact]
    public async Task A_hurried_initiation_attempts_at_once()
    {
        var start = _time.GetUtcNow();
        _schedule.Start("tun-1");
        _schedule.Hurry("tun-1");
        var attempt = await _attempts.NextAsync();
        Assert.Equal("tun-1", attempt.TunnelId);
        Assert.Equal(start, _time.GetUtcNow());
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_after_the_back_off_and_not_before()
    {
        _schedule.Start("tun-1");
        _time.Advance(Ms(1000));
        (await _attempts.NextAsync()).Fail("charon: NO_PROPOSAL_CHOSEN");
        var retryAt = _time.GetUtcNow() + Ms(50);
        await Wait.UntilAsync(() => Task.FromResult(_schedule.NextAttemptAt("tun-1") == retryAt), WaitLimit, "the retry scheduled");

        _time.Advance(Ms(49));
        Assert.False(_attempts.AnyMade);
        _time.Advance(Ms(1));
        (await _attempts.NextAsync()).Up();
        await Wait.UntilAsync(() => Task.FromResult(!_woken.IsEmpty), WaitLimit, "the pass woken");
        Assert.True(Assert.Single(_schedule.TakeFinished()).IsUp);
    }

    [Fact]
    public async Task An_initiation_gives_up_with_the_last_reason_once_its_window_has_closed()
    {
        _schedule.Start("tun-1");
        _time.Advance(Ms(1000));
        (await _attempts.NextAsync()).Fail("charon: NO_PROPOSAL_CHOSEN");
        await Wait.UntilAsync(() => Task.FromResult(_schedule.NextAttemptAt("tun-1") == _time.GetUtcNow() + Ms(50)), WaitLimit, "the retry scheduled");
        Assert.Empty(_schedule.TakeFinished());

        _time.Advance(Ms(1000));
        (await _attempts.NextAsync()).Fail("charon: AUTHENTICATION_FAILED");
        await Wait.UntilAsync(() => Task.FromResult(!_woken.IsEmpty), WaitLimit, "the pass woken");
        Assert.False(_schedule.IsInFlight("tun-1"));
        var outcome = Assert.Single(_schedule.TakeFinished());
        Assert.False(outcome.IsUp);
        Assert.Equal(new InitiationOutcome("tun-1", "charon: AUTHENTICATION_FAILED"), outcome);
    }

    [Fact]
    public async Task A_tunnel_stopped_while_its_attempt_runs_cancels_the_attempt_and_ends_in_nothing()
    {
        _schedule.Start("tun-1");
        _schedule.Hurry("tun-1");
        var attempt = await _attempts.NextAsync();
        _schedule.Stop("tun-1");

        Assert.True(attempt.Stop.IsCancellationRequested);
        Assert.False(_schedule.IsInFlight("tun-1"));
        Assert.Null(_schedule.NextAttemptAt("tun-1"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attempt.Result);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(_attempts.AnyMade);
        Assert.Empty(_schedule.TakeFinished());
        Assert.Empty(_woken);
    }

    [Fact]
    public async Task An_outcome_the_pass_has_not_taken_is_dropped_when_the_tunnel_is_stopped_or_started_again()
    {
        _schedule.Start("tun-1");
        _schedule.Hurry("tun-1");
        (await _attempts.NextAsync()).Up();
        await Wait.UntilAsync(() => Task.FromResult(!_woken.IsEmpty), WaitLimit, "the pass woken");
        _schedule.Stop("tun-1");
        Assert.Empty(_schedule.TakeFinished());

        _schedule.Start("tun-2");
        _schedule.Hurry("tun-2");
        (await _attempts.NextAsync()).Up();
        await Wait.UntilAsync(() => Task.FromResult(_woken.Count == 2), WaitLimit, "the pass woken again");
        _schedule.Start("tun-2");
        Assert.Empty(_schedule.TakeFinished());
        Assert.True(_schedule.IsInFlight("tun-2"));
    }

    [Fact]
    public async Task Starting_a_tunnel_again_stops_its_attempt_under_way_and_waits_afresh()
    {
        _schedule.Start("tun-1");
        _schedule.Hurry("tun-1");
        var first = await _attempts.NextAsync();
        _time.Advance(Ms(300));
        _schedule.Start("tun-1");

        Assert.True(first.Stop.IsCancellationRequested);
        Assert.Equal(_time.GetUtcNow() + Ms(1000), _schedule.NextAttemptAt("tun-1"));
        _time.Advance(Ms(1000));
        var second = await _attempts.NextAsync();
        Assert.False(second.Stop.IsCancellationRequested);
    }

    [Fact]
    public async Task Disposing_stops_every_initiation()
    {
        _schedule.Start("tun-1");
        _schedule.Start("tun-2");
        _schedule.Hurry("tun-1");
        var attempt = await _attempts.NextAsync();
        _schedule.Dispose();

        Assert.True(attempt.Stop.IsCancellationRequested);
        Assert.False(_schedule.IsInFlight("tun-2"));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(_attempts.AnyMade);
        Assert.Throws<ObjectDisposedException>(() => _schedule.Start("tun-3"));
    }
}
