using Microsoft.Extensions.Logging;
using NLog;
using NLog.Config;
using NLog.Extensions.Logging;
using NLog.Targets;

namespace QuantumAgents.Core.Logging;

/// <summary>
/// NLog behind Microsoft.Extensions.Logging. The admin's <c>/etc/quantum-agents/nlog.config</c>
/// (or <c>$QA_NLOG_CONFIG</c>) wins; without one, a console layout that journald understands.
/// Key material is never logged anywhere in this code base: only key IDs and SAE IDs.
/// </summary>
public static class DaemonLogging
{
    public const string DefaultConfigPath = "/etc/quantum-agents/nlog.config";

    public static void Configure(ILoggingBuilder logging, string processName)
    {
        var configPath = Environment.GetEnvironmentVariable("QA_NLOG_CONFIG") ?? DefaultConfigPath;
        var configuration = File.Exists(configPath)
            ? new XmlLoggingConfiguration(configPath)
            : Default(processName, underJournal: Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null);

        logging.ClearProviders();
        logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
        logging.AddNLog(configuration);
    }

    /// <summary>
    /// Under systemd, stdout goes to journald, which reads a <c>&lt;N&gt;</c> syslog priority
    /// prefix and adds its own timestamp; elsewhere a timestamp is more useful than the prefix.
    /// </summary>
    internal static LoggingConfiguration Default(string processName, bool underJournal)
    {
        if (underJournal)
        {
            LogManager.Setup().SetupExtensions(e => e.RegisterLayoutRenderer("sd-priority", SyslogPriority));
        }
        var layout = underJournal
            ? "<${sd-priority}>${logger:shortName=true}: ${message}${onexception:inner= ${exception:format=type,message}}"
            : "${date:format=HH\\:mm\\:ss.fff} " + processName + " ${level:uppercase=true:padding=-5} ${logger:shortName=true}: ${message}${onexception:inner= ${exception:format=type,message}}";
        var console = new ConsoleTarget("console") { Layout = layout, AutoFlush = true };
        var configuration = new LoggingConfiguration();
        // The framework's per-request chatter would drown the journal: only its warnings pass.
        configuration.LoggingRules.Add(new LoggingRule { LoggerNamePattern = "Microsoft.*", FinalMinLevel = NLog.LogLevel.Warn });
        configuration.LoggingRules.Add(new LoggingRule { LoggerNamePattern = "System.*", FinalMinLevel = NLog.LogLevel.Warn });
        configuration.AddRule(NLog.LogLevel.Info, NLog.LogLevel.Fatal, console);
        return configuration;
    }

    private static object SyslogPriority(LogEventInfo logEvent) => logEvent.Level.Ordinal switch
    {
        >= 5 => 2, // Fatal -> crit
        4 => 3,    // Error -> err
        3 => 4,    // Warn -> warning
        2 => 6,    // Info -> info
        _ => 7,    // Debug, Trace -> debug
    };
}
