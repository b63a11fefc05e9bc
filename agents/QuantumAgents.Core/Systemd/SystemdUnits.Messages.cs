using Tmds.DBus.Protocol;

namespace QuantumAgents.Core.Systemd;

/// <summary>The method calls and match rules, built outside async code because MessageWriter is a ref struct.</summary>
public sealed partial class SystemdUnits
{
    private static MessageBuffer GetNameOwnerMessage(DBusConnection connection)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(SystemdBusNames.BusService, SystemdBusNames.BusPath, SystemdBusNames.BusInterface, "GetNameOwner", "s", MessageFlags.None);
        writer.WriteString(SystemdBusNames.Service);
        return writer.CreateMessage();
    }

    private static MessageBuffer SubscribeMessage(DBusConnection connection)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(SystemdBusNames.Service, SystemdBusNames.ManagerPath, SystemdBusNames.ManagerInterface, "Subscribe", null, MessageFlags.None);
        return writer.CreateMessage();
    }

    /// <summary>LoadUnit rather than GetUnit: GetUnit fails for a unit systemd has not loaded yet (never started, or garbage-collected).</summary>
    private static MessageBuffer LoadUnitMessage(DBusConnection connection, string unit)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(SystemdBusNames.Service, SystemdBusNames.ManagerPath, SystemdBusNames.ManagerInterface, "LoadUnit", "s", MessageFlags.None);
        writer.WriteString(unit);
        return writer.CreateMessage();
    }

    private static MessageBuffer UnitJobMessage(DBusConnection connection, string method, string unit)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(SystemdBusNames.Service, SystemdBusNames.ManagerPath, SystemdBusNames.ManagerInterface, method, "ss", MessageFlags.None);
        writer.WriteString(unit);
        writer.WriteString(SystemdBusNames.ReplaceMode);
        return writer.CreateMessage();
    }

    private static MessageBuffer GetAllUnitPropertiesMessage(DBusConnection connection, string unitPath)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(SystemdBusNames.Service, unitPath, SystemdBusNames.PropertiesInterface, "GetAll", "s", MessageFlags.None);
        writer.WriteString(SystemdBusNames.UnitInterface);
        return writer.CreateMessage();
    }

    private static MatchRule JobRemovedRule() => new()
    {
        Type = MessageType.Signal,
        Sender = SystemdBusNames.Service,
        Path = SystemdBusNames.ManagerPath,
        Interface = SystemdBusNames.ManagerInterface,
        Member = SystemdBusNames.JobRemoved,
    };

    /// <summary>Only the Unit interface's changes: the same object also carries e.g. the Service interface.</summary>
    private static MatchRule UnitPropertiesChangedRule(string unitPath) => new()
    {
        Type = MessageType.Signal,
        Sender = SystemdBusNames.Service,
        Path = unitPath,
        Interface = SystemdBusNames.PropertiesInterface,
        Member = SystemdBusNames.PropertiesChanged,
        Arg0 = SystemdBusNames.UnitInterface,
    };

    /// <summary>Signals end the watch when the connection ends, instead of going quiet.</summary>
    private const ObserverFlags WatchFlags = ObserverFlags.EmitOnConnectionClosed | ObserverFlags.EmitOnConnectionFailed | ObserverFlags.EmitOnReaderFailed;
}
