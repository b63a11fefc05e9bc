using System.Collections.Concurrent;
using System.Text;
using Tmds.DBus.Protocol;

namespace QuantumAgents.Core.Tests.Systemd;

/// <summary>
/// Just enough of <c>org.freedesktop.systemd1</c> (see org.freedesktop.systemd1(5)) exported on
/// a <see cref="PrivateBus"/>: Manager.Subscribe/GetUnit/LoadUnit/StartUnit/RestartUnit, the
/// JobRemoved signal, and each unit's Unit properties with PropertiesChanged. Only signals
/// systemd sends to subscribers, and only after Subscribe, as systemd does.
/// </summary>
public sealed class FakeSystemd : IPathMethodHandler, IDisposable
{
    private const string ManagerPath = "/org/freedesktop/systemd1";
    private const string Manager = "org.freedesktop.systemd1.Manager";
    private const string Unit = "org.freedesktop.systemd1.Unit";
    private const string Properties = "org.freedesktop.DBus.Properties";

    private readonly DBusConnection _connection;
    private readonly ConcurrentDictionary<string, FakeUnit> _units = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly ConcurrentDictionary<string, bool> _subscribers = new();
    private int _nextJob;

    private FakeSystemd(DBusConnection connection) => _connection = connection;

    public string Path => ManagerPath;

    public bool HandlesChildPaths => true;

    /// <summary>Every Manager call as "Member arg arg", in order.</summary>
    public IReadOnlyCollection<string> Calls => _calls;

    /// <summary>How long each state of a job's transition lasts; long enough for a watcher to see each.</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(30);

    public static async Task<FakeSystemd> StartAsync(string busAddress)
    {
        var connection = new DBusConnection(busAddress);
        await connection.ConnectAsync();
        var systemd = new FakeSystemd(connection);
        connection.AddMethodHandler(systemd);
        await connection.RequestNameAsync("org.freedesktop.systemd1", RequestNameOptions.Default);
        return systemd;
    }

    public FakeUnit AddUnit(string name, string activeState, string subState)
    {
        var unit = new FakeUnit(name, UnitPath(name), "loaded", activeState, subState);
        _units[name] = unit;
        return unit;
    }

    /// <summary>The unit changes state by itself (it crashed, systemd's Restart= brought it back).</summary>
    public void SetState(string name, string activeState, string subState, bool invalidateOnly = false)
    {
        var unit = _units[name];
        unit.ActiveState = activeState;
        unit.SubState = subState;
        EmitPropertiesChanged(unit, invalidateOnly);
    }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        var request = context.Request;
        var path = request.PathAsString;
        var member = request.MemberAsString;
        if (path == ManagerPath && request.InterfaceAsString == Manager)
        {
            HandleManager(context, member ?? "");
        }
        else if (request.InterfaceAsString == Properties && member == "GetAll" && _units.Values.FirstOrDefault(u => u.Path == path) is { } unit)
        {
            ReplyUnitProperties(context, unit);
        }
        else
        {
            context.ReplyUnknownMethodError();
        }
        return ValueTask.CompletedTask;
    }

    private void HandleManager(MethodContext context, string member)
    {
        var reader = context.Request.GetBodyReader();
        switch (member)
        {
            case "Subscribe":
                _calls.Enqueue(member);
                if (!_subscribers.TryAdd(context.Request.SenderAsString ?? "", true))
                {
                    context.ReplyError("org.freedesktop.systemd1.AlreadySubscribed", "Client is already subscribed.");
                    return;
                }
                ReplyEmpty(context);
                return;
            case "LoadUnit":
            {
                var name = reader.ReadString();
                _calls.Enqueue($"{member} {name}");
                if (name.Contains('/', StringComparison.Ordinal))
                {
                    context.ReplyError("org.freedesktop.DBus.Error.InvalidArgs", $"Unit name {name} is not valid.");
                    return;
                }
                var unit = _units.GetOrAdd(name, n => new FakeUnit(n, UnitPath(n), "not-found", "inactive", "dead"));
                ReplyPath(context, unit.Path);
                return;
            }
            case "GetUnit":
            {
                var name = reader.ReadString();
                _calls.Enqueue($"{member} {name}");
                if (_units.TryGetValue(name, out var unit))
                {
                    ReplyPath(context, unit.Path);
                }
                else
                {
                    context.ReplyError("org.freedesktop.systemd1.NoSuchUnit", $"Unit {name} not loaded.");
                }
                return;
            }
            case "StartUnit" or "RestartUnit":
            {
                var name = reader.ReadString();
                var mode = reader.ReadString();
                _calls.Enqueue($"{member} {name} {mode}");
                if (!_units.TryGetValue(name, out var unit) || unit.LoadState == "not-found")
                {
                    context.ReplyError("org.freedesktop.systemd1.NoSuchUnit", $"Unit {name} not found.");
                    return;
                }
                var id = (uint)Interlocked.Increment(ref _nextJob);
                var job = $"{ManagerPath}/job/{id}";
                ReplyPath(context, job);
                _ = RunJobAsync(unit, id, job, restart: member == "RestartUnit");
                return;
            }
            default:
                context.ReplyUnknownMethodError();
                return;
        }
    }

    private async Task RunJobAsync(FakeUnit unit, uint id, string job, bool restart)
    {
        var result = unit.NextJobResult;
        unit.NextJobResult = "done";
        if (restart && unit.ActiveState == "active")
        {
            await StepAsync(unit, "deactivating", "stop-sigterm");
            await StepAsync(unit, "inactive", "dead");
        }
        await StepAsync(unit, "activating", "start");
        if (result == "done")
        {
            await StepAsync(unit, "active", "running");
        }
        else
        {
            await StepAsync(unit, "failed", "failed");
        }
        EmitJobRemoved(id, job, unit.Name, result);
    }

    private async Task StepAsync(FakeUnit unit, string active, string sub)
    {
        await Task.Delay(StepDelay);
        SetState(unit.Name, active, sub);
    }

    private void EmitPropertiesChanged(FakeUnit unit, bool invalidateOnly)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }
        using var writer = _connection.GetMessageWriter();
        writer.WriteSignalHeader(null, unit.Path, Properties, "PropertiesChanged", "sa{sv}as");
        writer.WriteString(Unit);
        var changed = writer.WriteDictionaryStart();
        if (!invalidateOnly)
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString("ActiveState");
            writer.WriteVariantString(unit.ActiveState);
            writer.WriteDictionaryEntryStart();
            writer.WriteString("SubState");
            writer.WriteVariantString(unit.SubState);
            // A property that is not a state, of a type the client must skip.
            writer.WriteDictionaryEntryStart();
            writer.WriteString("StateChangeTimestamp");
            writer.WriteVariantUInt64(42);
        }
        writer.WriteDictionaryEnd(changed);
        writer.WriteArray(invalidateOnly ? ["ActiveState", "SubState"] : Array.Empty<string>());
        _connection.TrySendMessage(writer.CreateMessage());
    }

    private void EmitJobRemoved(uint id, string job, string unit, string result)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }
        using var writer = _connection.GetMessageWriter();
        writer.WriteSignalHeader(null, ManagerPath, Manager, "JobRemoved", "uoss");
        writer.WriteUInt32(id);
        writer.WriteObjectPath(job);
        writer.WriteString(unit);
        writer.WriteString(result);
        _connection.TrySendMessage(writer.CreateMessage());
    }

    private static void ReplyUnitProperties(MethodContext context, FakeUnit unit)
    {
        using var writer = context.CreateReplyWriter("a{sv}");
        var dictionary = writer.WriteDictionaryStart();
        writer.WriteDictionaryEntryStart();
        writer.WriteString("Id");
        writer.WriteVariantString(unit.Name);
        // Real systemd returns ~100 properties of many types; these make the client skip a few.
        writer.WriteDictionaryEntryStart();
        writer.WriteString("Names");
        writer.WriteVariant(VariantValue.Array(new[] { unit.Name }));
        writer.WriteDictionaryEntryStart();
        writer.WriteString("Job");
        writer.WriteVariant(VariantValue.Struct(VariantValue.UInt32(0), VariantValue.ObjectPath("/")));
        writer.WriteDictionaryEntryStart();
        writer.WriteString("LoadState");
        writer.WriteVariantString(unit.LoadState);
        writer.WriteDictionaryEntryStart();
        writer.WriteString("ActiveState");
        writer.WriteVariantString(unit.ActiveState);
        writer.WriteDictionaryEntryStart();
        writer.WriteString("ActiveEnterTimestamp");
        writer.WriteVariantUInt64(1_700_000_000_000_000);
        writer.WriteDictionaryEntryStart();
        writer.WriteString("SubState");
        writer.WriteVariantString(unit.SubState);
        writer.WriteDictionaryEnd(dictionary);
        context.Reply(writer.CreateMessage());
    }

    private static void ReplyPath(MethodContext context, string path)
    {
        using var writer = context.CreateReplyWriter("o");
        writer.WriteObjectPath(path);
        context.Reply(writer.CreateMessage());
    }

    private static void ReplyEmpty(MethodContext context)
    {
        using var writer = context.CreateReplyWriter(null!);
        context.Reply(writer.CreateMessage());
    }

    /// <summary>systemd's bus label escaping: every byte but [A-Za-z0-9] becomes _xx.</summary>
    private static string UnitPath(string name)
    {
        var label = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (char.IsAsciiLetterOrDigit((char)b))
            {
                label.Append((char)b);
            }
            else
            {
                label.Append('_').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return $"{ManagerPath}/unit/{label}";
    }

    public void Dispose() => _connection.Dispose();
}
