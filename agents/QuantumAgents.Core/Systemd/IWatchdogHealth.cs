namespace QuantumAgents.Core.Systemd;

/// <summary>
/// A part of a daemon that can tell it is wedged (a loop that stopped turning, a queue that no
/// longer drains). While any registered check reports a problem the watchdog stops petting, so
/// systemd's <c>WatchdogSec=</c> restarts the daemon. Register with
/// <c>services.AddSingleton&lt;IWatchdogHealth, MyCheck&gt;()</c>.
/// </summary>
public interface IWatchdogHealth
{
    /// <summary>
    /// Null while healthy; otherwise a short reason for the log and systemd's STATUS=, logged when
    /// it changes (so keep it stable while the problem lasts). Called every pet interval: keep it cheap.
    /// </summary>
    string? CurrentProblem();
}
