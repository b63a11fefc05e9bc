using System.Text.RegularExpressions;
using NLog;
using NLog.Layouts;
using NLog.Targets;
using QuantumAgents.Core.Logging;

namespace QuantumAgents.Core.Tests.Logging;

public partial class DaemonLoggingTests
{
    private static SimpleLayout ConsoleLayout(bool underJournal)
    {
        var configuration = DaemonLogging.Default("qa-test", underJournal);
        var console = Assert.IsType<ConsoleTarget>(Assert.Single(configuration.AllTargets));
        return Assert.IsType<SimpleLayout>(console.Layout);
    }

    private static string Render(SimpleLayout layout, LogLevel level, string message = "hello") =>
        layout.Render(new LogEventInfo(level, "QuantumAgents.Kme.KeyService", message));

    [Fact]
    public void Journald_layout_starts_with_the_priority_prefix_renderer()
    {
        Assert.StartsWith("<${sd-priority}>", ConsoleLayout(underJournal: true).OriginalText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fatal", 2)]
    [InlineData("Error", 3)]
    [InlineData("Warn", 4)]
    [InlineData("Info", 6)]
    [InlineData("Debug", 7)]
    public void Journald_lines_carry_the_syslog_priority_of_their_level(string level, int priority)
    {
        var line = Render(ConsoleLayout(underJournal: true), LogLevel.FromString(level));
        Assert.Equal($"<{priority}>KeyService: hello", line);
    }

    [Fact]
    public void Journald_layout_has_no_timestamp_because_journald_adds_its_own()
    {
        Assert.DoesNotContain("${date", ConsoleLayout(underJournal: true).OriginalText, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_layout_starts_with_a_timestamp_and_names_the_process()
    {
        var line = Render(ConsoleLayout(underJournal: false), LogLevel.Info);
        Assert.Matches(ConsoleLine(), line);
    }

    [Fact]
    public void Console_layout_has_no_priority_prefix()
    {
        Assert.DoesNotContain("sd-priority", ConsoleLayout(underJournal: false).OriginalText, StringComparison.Ordinal);
    }

    /// <summary>What the console target would print: a memory target riding on the console's own rule.</summary>
    private static IList<string> Written(params (string Logger, LogLevel Level)[] events)
    {
        var configuration = DaemonLogging.Default("qa-test", underJournal: false);
        var memory = new MemoryTarget("probe") { Layout = "${logger} ${level}" };
        configuration.LoggingRules.Single(r => r.Targets.Any(t => t is ConsoleTarget)).Targets.Add(memory);
        using var factory = new LogFactory();
        factory.Configuration = configuration;
        foreach (var (logger, level) in events)
        {
            factory.GetLogger(logger).Log(level, "message");
        }
        return memory.Logs;
    }

    [Fact]
    public void Own_loggers_write_info_but_not_debug()
    {
        Assert.Equal(["QuantumAgents.Kme.KeyService Info"], Written(("QuantumAgents.Kme.KeyService", LogLevel.Info), ("QuantumAgents.Kme.KeyService", LogLevel.Debug)));
    }

    [Fact]
    public void Framework_warnings_are_written()
    {
        Assert.Equal(["Microsoft.AspNetCore.Hosting.Diagnostics Warn"], Written(("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warn)));
    }

    [Fact]
    public void Framework_chatter_below_warning_is_not_written()
    {
        Assert.Empty(Written(("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Info), ("System.Net.Http.HttpClient.Default", LogLevel.Info)));
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{3} qa-test INFO  KeyService: hello$")]
    private static partial Regex ConsoleLine();
}
