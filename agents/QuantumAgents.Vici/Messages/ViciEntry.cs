using System.Text;

namespace QuantumAgents.Vici.Messages;

/// <summary>One named member of a section: a value, a list of values, or a nested section.</summary>
public sealed class ViciEntry
{
    private static readonly IReadOnlyList<byte[]> NoItems = [];

    private readonly byte[] _value;
    private readonly IReadOnlyList<byte[]> _items;
    private readonly ViciSection? _section;

    private ViciEntry(string name, ViciEntryKind kind, byte[] value, IReadOnlyList<byte[]> items, ViciSection? section)
    {
        Name = name;
        Kind = kind;
        _value = value;
        _items = items;
        _section = section;
    }

    public string Name { get; }

    public ViciEntryKind Kind { get; }

    /// <summary>The raw value of a <see cref="ViciEntryKind.Value"/> entry (empty for the other kinds).</summary>
    public ReadOnlyMemory<byte> Value => _value;

    /// <summary>The raw items of a <see cref="ViciEntryKind.List"/> entry (empty for the other kinds).</summary>
    public IReadOnlyList<byte[]> Items => _items;

    /// <summary>The nested section of a <see cref="ViciEntryKind.Section"/> entry, or null.</summary>
    public ViciSection? Section => _section;

    /// <summary>VICI values are in practice text (numbers as decimal, booleans as yes/no).</summary>
    public string ValueText => Encoding.UTF8.GetString(_value);

    public IReadOnlyList<string> ItemTexts => [.. _items.Select(i => Encoding.UTF8.GetString(i))];

    internal static ViciEntry ForValue(string name, byte[] value) => new(name, ViciEntryKind.Value, value, NoItems, null);

    internal static ViciEntry ForList(string name, IReadOnlyList<byte[]> items) => new(name, ViciEntryKind.List, [], items, null);

    internal static ViciEntry ForSection(string name, ViciSection section) => new(name, ViciEntryKind.Section, [], NoItems, section);

    internal bool ContentEquals(ViciEntry other)
    {
        if (Name != other.Name || Kind != other.Kind)
        {
            return false;
        }
        return Kind switch
        {
            ViciEntryKind.Value => _value.AsSpan().SequenceEqual(other._value),
            ViciEntryKind.List => _items.Count == other._items.Count
                && _items.Zip(other._items).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second)),
            _ => _section!.ContentEquals(other._section!),
        };
    }
}
