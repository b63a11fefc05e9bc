namespace QuantumAgents.Core.Systemd;

/// <summary>When READY=1 goes to systemd.</summary>
public enum SystemdReadinessMode
{
    /// <summary>Once the host has started: every hosted service's start has returned, so Kestrel listens.</summary>
    WhenHostStarted,

    /// <summary>When the daemon calls <see cref="SystemdNotifications.ReportReady"/> (e.g. after its first reconcile).</summary>
    WhenDaemonReports,
}
