using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace QuantumAgents.Core.Systemd;

/// <summary>
/// The daemon's side of <c>sd_notify(3)</c>: READY=1, STATUS=, STOPPING=1 and WATCHDOG=1 on
/// <c>NOTIFY_SOCKET</c>, sent through Microsoft.Extensions.Hosting.Systemd's notifier. Without a
/// notify socket (not under systemd, or not <c>Type=notify</c>) every call does nothing.
/// </summary>
public sealed partial class SystemdNotifications(ISystemdNotifier notifier, SystemdReadinessMode mode, ILogger<SystemdNotifications> logger)
{
    private readonly TaskCompletionSource _hostStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stoppingGate = new();
    private bool _stopping;
    private int _readySent;
    private int _sendFailureLogged;

    /// <summary>True when systemd gave this process a notify socket.</summary>
    public bool IsEnabled => notifier.IsEnabled;

    /// <summary>True when the daemon itself calls <see cref="ReportReady"/> (see <c>DeferSystemdReadiness</c>); false when the host's start does.</summary>
    public bool ReadinessDeferred => mode == SystemdReadinessMode.WhenDaemonReports;

    /// <summary>
    /// Tells systemd the daemon serves now, with a one-line status for <c>systemctl status</c>.
    /// Only the first call sends READY=1; later ones only update the status.
    /// </summary>
    public void ReportReady(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var first = Interlocked.Exchange(ref _readySent, 1) == 0;
        Send(first ? $"READY=1\nSTATUS={OneLine(status)}" : $"STATUS={OneLine(status)}");
        if (first && IsEnabled)
        {
            LogReady(status);
        }
    }

    /// <summary>Updates the line <c>systemctl status</c> shows.</summary>
    public void ReportStatus(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Send($"STATUS={OneLine(status)}");
    }

    /// <summary>Completes once the host has started and READY=1 (unless deferred) is out: the watchdog's first pet never precedes it.</summary>
    internal Task HostStarted => _hostStarted.Task;

    internal void MarkHostStarted() => _hostStarted.TrySetResult();

    internal void ReportStopping()
    {
        lock (_stoppingGate)
        {
            _stopping = true;
            Send("STOPPING=1\nSTATUS=stopping");
        }
    }

    /// <summary>False once stopping: no pet may follow STOPPING=1, whichever thread got there first.</summary>
    internal bool PetWatchdog()
    {
        lock (_stoppingGate)
        {
            return !_stopping && Send("WATCHDOG=1");
        }
    }

    private bool Send(string message)
    {
        if (!notifier.IsEnabled)
        {
            return false;
        }
        try
        {
            notifier.Notify(new ServiceState(message));
            return true;
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // systemd going away is not the daemon's failure; one line, not one per watchdog tick.
            if (Interlocked.Exchange(ref _sendFailureLogged, 1) == 0)
            {
                LogSendFailed(e.Message);
            }
            return false;
        }
    }

    // A newline would start a new assignment in the datagram.
    private static string OneLine(string status) => status.ReplaceLineEndings(" ");

    [LoggerMessage(LogLevel.Information, "ready: told systemd ({Status})")]
    private partial void LogReady(string status);

    [LoggerMessage(LogLevel.Warning, "cannot notify systemd ({Message}); further failures are not logged")]
    private partial void LogSendFailed(string message);
}
