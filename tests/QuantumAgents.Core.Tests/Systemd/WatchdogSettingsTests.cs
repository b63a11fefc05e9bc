using QuantumAgents.Core.Systemd;

namespace QuantumAgents.Core.Tests.Systemd;

public sealed class WatchdogSettingsTests
{
    [Fact]
    public void The_timeout_is_read_in_microseconds_and_petting_is_at_half_of_it()
    {
        var settings = WatchdogSettings.Parse("30000000", "4242", ownPid: 4242);
        Assert.NotNull(settings);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Value.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.Value.PetInterval);
    }

    [Fact]
    public void Without_WATCHDOG_PID_the_timeout_applies_to_this_process()
    {
        Assert.NotNull(WatchdogSettings.Parse("1000000", null, ownPid: 7));
        Assert.NotNull(WatchdogSettings.Parse("1000000", "", ownPid: 7));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("30s", null)]
    [InlineData("1000000", "8")]
    [InlineData("1000000", "seven")]
    public void The_watchdog_is_off_when_not_asked_for_or_meant_for_another_process(string? micros, string? pid)
    {
        Assert.Null(WatchdogSettings.Parse(micros, pid, ownPid: 7));
    }

    [Fact]
    public void An_absurd_timeout_is_capped_to_what_a_timer_takes()
    {
        var settings = WatchdogSettings.Parse(ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), null, ownPid: 7);
        Assert.NotNull(settings);
        Assert.Equal(TimeSpan.FromHours(24), settings.Value.Timeout);
    }
}
