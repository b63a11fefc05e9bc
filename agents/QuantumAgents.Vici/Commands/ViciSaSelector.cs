using System.Globalization;
using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Commands;

/// <summary>Which SAs <c>terminate</c>, <c>rekey</c> or <c>list-sas</c> act on: by config name or by unique id.</summary>
public sealed record ViciSaSelector(string Key, string Value)
{
    public static ViciSaSelector Child(string name) => new("child", name);

    public static ViciSaSelector Ike(string name) => new("ike", name);

    public static ViciSaSelector ChildId(long uniqueId) => new("child-id", uniqueId.ToString(CultureInfo.InvariantCulture));

    public static ViciSaSelector IkeId(long uniqueId) => new("ike-id", uniqueId.ToString(CultureInfo.InvariantCulture));

    internal ViciSection AddTo(ViciSection request) => request.Add(Key, Value);

    public override string ToString() => $"{Key} {Value}";
}
