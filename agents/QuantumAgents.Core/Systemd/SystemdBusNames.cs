namespace QuantumAgents.Core.Systemd;

/// <summary>The names of systemd's D-Bus API (org.freedesktop.systemd1(5)) and of the bus itself that this code uses.</summary>
internal static class SystemdBusNames
{
    public const string Service = "org.freedesktop.systemd1";
    public const string ManagerPath = "/org/freedesktop/systemd1";
    public const string ManagerInterface = "org.freedesktop.systemd1.Manager";
    public const string UnitInterface = "org.freedesktop.systemd1.Unit";
    public const string PropertiesInterface = "org.freedesktop.DBus.Properties";
    public const string PropertiesChanged = "PropertiesChanged";
    public const string JobRemoved = "JobRemoved";
    public const string AlreadySubscribedError = "org.freedesktop.systemd1.AlreadySubscribed";

    public const string BusService = "org.freedesktop.DBus";
    public const string BusPath = "/org/freedesktop/DBus";
    public const string BusInterface = "org.freedesktop.DBus";

    /// <summary>The job mode that cancels a conflicting queued job, as <c>systemctl start</c> uses.</summary>
    public const string ReplaceMode = "replace";

    /// <summary>The JobRemoved result of a job that did what it was asked.</summary>
    public const string JobDone = "done";
}
