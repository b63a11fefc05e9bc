using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Core.Agents;

namespace QuantumAgents.Core.Tests.Agents;

/// <summary>Many changes in a burst make one early report, an interval later on the throttle's clock.</summary>
public sealed class ReportThrottleTests
{
    [Fact]
    public async Task A_burst_of_signals_reports_once_after_the_interval_and_a_later_burst_once_more()
    {
        var time = new FakeTimeProvider();
        using var reports = new SemaphoreSlim(0);
        var throttle = new ReportThrottle(() => reports.Release(), TimeSpan.FromSeconds(1), time);

        for (var burst = 1; burst <= 2; burst++)
        {
            for (var i = 0; i < 100; i++)
            {
                throttle.Signal();
            }
            time.Advance(TimeSpan.FromMilliseconds(999));
            Assert.False(await reports.WaitAsync(TimeSpan.FromMilliseconds(100)), $"burst {burst}: reported early");
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(await reports.WaitAsync(TimeSpan.FromSeconds(10)), $"burst {burst}: no report");
            Assert.False(await reports.WaitAsync(TimeSpan.FromMilliseconds(100)), $"burst {burst}: more than one report");
        }
    }
}
