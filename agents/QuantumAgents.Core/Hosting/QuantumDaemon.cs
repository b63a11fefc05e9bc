using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuantumAgents.Core.Logging;
using QuantumAgents.Core.Systemd;

namespace QuantumAgents.Core.Hosting;

/// <summary>
/// The one way every daemon starts: configuration sources, validated options, NLog and
/// systemd integration (<c>Type=notify</c> readiness once the host has started, the watchdog fed
/// while healthy, journald-friendly console). Works on both <c>Host</c> and <c>WebApplication</c> builders.
/// </summary>
public static class QuantumDaemon
{
    /// <summary>Exit code for a configuration error (sysexits EX_CONFIG): systemd shows it as such.</summary>
    public const int ConfigurationErrorExitCode = 78;
    public const int StartupFailureExitCode = 1;

    /// <summary>
    /// Wires the builder and returns the validated options (also registered as a singleton).
    /// Throws <see cref="DaemonConfigurationException"/> with a one-line message on bad input.
    /// </summary>
    public static TOptions AddQuantumDaemon<TOptions>(this IHostApplicationBuilder builder, string processName, string[] args)
        where TOptions : class, IDaemonOptions<TOptions>
    {
        var options = DaemonConfiguration.Load<TOptions>(DaemonArguments.Parse(args));

        DaemonLogging.Configure(builder.Logging, processName);
        builder.Services.AddSystemdIntegration();
        builder.Services.AddSingleton(options);
        return options;
    }

    /// <summary>
    /// Builds and runs a daemon, turning configuration and start-up failures into one line on
    /// stderr and a non-zero exit code instead of a stack trace. The process is made undumpable
    /// before anything is read: a daemon holds keys, tokens or entropy.
    /// </summary>
    public static Task<int> RunAsync(string processName, Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAsync(processName, async () =>
        {
            await run().ConfigureAwait(false);
            return 0;
        });
    }

    /// <summary>As <see cref="RunAsync(string, Func{Task})"/>, for a run that decides its own exit code.</summary>
    public static async Task<int> RunAsync(string processName, Func<Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            Undumpable.Apply();
            return await run().ConfigureAwait(false);
        }
        catch (DaemonConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"{processName}: configuration error: {e.Message}").ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException
                                      or System.Security.Cryptography.CryptographicException)
        {
            await Console.Error.WriteLineAsync($"{processName}: cannot start: {e.GetBaseException().Message}").ConfigureAwait(false);
            return StartupFailureExitCode;
        }
    }
}
