using System.Globalization;

namespace QuantumAgents.Core.Systemd;

/// <summary>
/// What systemd asked for through the environment (<c>WATCHDOG_USEC</c>, <c>WATCHDOG_PID</c>):
/// the watchdog is on only when the timeout is set and meant for this process, the way
/// <c>sd_watchdog_enabled(3)</c> decides.
/// </summary>
public readonly record struct WatchdogSettings(TimeSpan Timeout)
{
    public const string TimeoutVariable = "WATCHDOG_USEC";
    public const string PidVariable = "WATCHDOG_PID";

    private const ulong MaxTimeoutMicroseconds = 24UL * 3600 * 1_000_000;

    /// <summary>Half the timeout, as systemd recommends: one lost or late datagram does not kill the daemon.</summary>
    public TimeSpan PetInterval => Timeout / 2;

    public static WatchdogSettings? FromEnvironment() => Parse(
        Environment.GetEnvironmentVariable(TimeoutVariable),
        Environment.GetEnvironmentVariable(PidVariable),
        Environment.ProcessId);

    /// <summary>Null when the watchdog is off for this process: no or unparsable timeout, or a PID naming another process.</summary>
    public static WatchdogSettings? Parse(string? timeoutMicroseconds, string? pid, int ownPid)
    {
        if (!ulong.TryParse(timeoutMicroseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) || micros == 0)
        {
            return null;
        }
        // A child that inherited the variables (systemd sets WATCHDOG_PID to the main process) must not pet for its parent.
        if (!string.IsNullOrEmpty(pid) && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var target) || target != ownPid))
        {
            return null;
        }
        // The cap keeps an absurd value within what a timer accepts.
        return new WatchdogSettings(micros >= MaxTimeoutMicroseconds ? TimeSpan.FromMicroseconds(MaxTimeoutMicroseconds) : TimeSpan.FromMicroseconds(micros));
    }
}
