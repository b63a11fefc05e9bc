using Tmds.DBus.Protocol;

namespace QuantumAgents.Core.Systemd;

/// <summary>Readers for systemd's replies and signals; a property of the wrong type is an error, not a guess.</summary>
public sealed partial class SystemdUnits
{
    private static string ReadString(Message message, object? state) => message.GetBodyReader().ReadString();

    private static string ReadObjectPath(Message message, object? state) => message.GetBodyReader().ReadObjectPathAsString();

    /// <summary>JobRemoved: <c>u id, o job, s unit, s result</c>.</summary>
    private static RemovedJob ReadJobRemoved(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        reader.ReadUInt32();
        var job = reader.ReadObjectPathAsString();
        var unit = reader.ReadString();
        var result = reader.ReadString();
        return new RemovedJob(job, unit, result);
    }

    /// <summary>Properties.GetAll on the Unit interface: <c>a{sv}</c>, of which three states matter.</summary>
    private static UnitPropertiesChange ReadUnitProperties(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        return ReadStates(ref reader);
    }

    /// <summary>PropertiesChanged: <c>s interface, a{sv} changed, as invalidated</c>.</summary>
    private static UnitPropertiesChange ReadUnitPropertiesChanged(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        reader.ReadString();
        var changed = ReadStates(ref reader);
        var invalidated = false;
        foreach (var name in reader.ReadArrayOfString())
        {
            invalidated |= IsState(name);
        }
        return changed with { StateInvalidated = invalidated };
    }

    private static UnitPropertiesChange ReadStates(ref Reader reader)
    {
        string? load = null, active = null, sub = null;
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            var name = reader.ReadString();
            // Every value is read, so the reader stays in step whatever systemd adds.
            var value = reader.ReadVariantValue();
            if (!IsState(name))
            {
                continue;
            }
            if (value.Type != VariantValueType.String)
            {
                SystemdThrowHelper.ThrowUnexpectedPropertyType(name, value.Type.ToString());
            }
            switch (name)
            {
                case "LoadState": load = value.GetString(); break;
                case "ActiveState": active = value.GetString(); break;
                default: sub = value.GetString(); break;
            }
        }
        return new UnitPropertiesChange(load, active, sub, StateInvalidated: false);
    }

    private static bool IsState(string property) => property is "LoadState" or "ActiveState" or "SubState";
}
