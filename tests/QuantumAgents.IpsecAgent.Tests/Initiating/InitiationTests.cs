using Microsoft.Extensions.Time.Testing;
using QuantumAgents.IpsecAgent.Initiating;

namespace QuantumAgents.IpsecAgent.Tests.Initiating;

/// <summary>One initiation's timing on a fake clock: when attempts are due, the back-off, the window.</summary>
public sealed class InitiationTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.Zero));

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private Initiation Begun(int windowSeconds = 60)
    {
        var initiation = new Initiation(_time, TimeSpan.FromSeconds(windowSeconds));
        initiation.Begin();
        return initiation;
    }

    [Fact]
    public void The_first_attempt_is_due_a_second_after_the_start_not_before()
    {
        using var initiation = Begun();
        Assert.Equal(_time.GetUtcNow() + Ms(1000), initiation.NextAttemptAt);
        _time.Advance(Ms(999));
        Assert.False(initiation.Due.IsCompleted);
        _time.Advance(Ms(1));
        Assert.True(initiation.Due.IsCompleted);
    }

    [Fact]
    public void A_hurry_makes_the_next_attempt_due_at_once_and_is_used_up_by_it()
    {
        using var initiation = Begun();
        initiation.Hurry();
        Assert.True(initiation.Due.IsCompleted);

        initiation.Attempting();
        Assert.False(initiation.Due.IsCompleted);
        Assert.True(initiation.RetriesAfterFailure());
        Assert.False(initiation.Due.IsCompleted);
        _time.Advance(Ms(50));
        Assert.True(initiation.Due.IsCompleted);
    }

    [Fact]
    public void A_hurry_during_an_attempt_makes_the_retry_after_it_go_at_once()
    {
        using var initiation = Begun();
        _time.Advance(Ms(1000));
        initiation.Attempting();
        initiation.Hurry();
        Assert.True(initiation.RetriesAfterFailure());
        Assert.True(initiation.Due.IsCompleted);
    }

    [Fact]
    public void An_attempt_under_way_is_not_followed_by_another_until_it_failed()
    {
        using var initiation = Begun();
        _time.Advance(Ms(1000));
        initiation.Attempting();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(initiation.Due.IsCompleted);
    }

    [Fact]
    public void Failed_attempts_back_off_doubling_from_50_ms_up_to_a_second()
    {
        using var initiation = Begun();
        _time.Advance(Ms(1000));
        var pauses = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            initiation.Attempting();
            Assert.True(initiation.RetriesAfterFailure());
            var pause = initiation.NextAttemptAt - _time.GetUtcNow();
            pauses.Add((int)pause.TotalMilliseconds);
            _time.Advance(pause - Ms(1));
            Assert.False(initiation.Due.IsCompleted);
            _time.Advance(Ms(1));
            Assert.True(initiation.Due.IsCompleted);
        }
        Assert.Equal([50, 100, 200, 400, 800, 1000, 1000, 1000], pauses);
    }

    [Fact]
    public void A_failed_attempt_once_the_window_has_closed_gives_up()
    {
        using var initiation = Begun(windowSeconds: 5);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), initiation.Deadline);
        _time.Advance(Ms(4999));
        initiation.Attempting();
        Assert.True(initiation.RetriesAfterFailure());
        _time.Advance(Ms(1));
        initiation.Attempting();
        Assert.False(initiation.RetriesAfterFailure());
    }
}
