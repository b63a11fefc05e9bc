using System.Collections;
using System.Globalization;
using System.Text;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Messages;

/// <summary>
/// A VICI message or one of its sections: named entries in the order they were added or
/// received. Order matters to charon (auth rounds, proposals, local/remote sections), so this
/// is a list, not a dictionary; lookups return the first entry of a name.
/// Never put key material in here: <c>ViciClient.LoadSharedAsync</c>
/// writes keys straight into a wire buffer that is zeroed after sending.
/// </summary>
public sealed class ViciSection : IReadOnlyList<ViciEntry>
{
    private readonly List<ViciEntry> _entries = [];

    public int Count => _entries.Count;

    public ViciEntry this[int index] => _entries[index];

    public ViciSection Add(string name, string value) => AddValue(name, Encoding.UTF8.GetBytes(value));

    public ViciSection Add(string name, long value) => Add(name, value.ToString(CultureInfo.InvariantCulture));

    public ViciSection Add(string name, bool value) => Add(name, value ? "yes" : "no");

    public ViciSection AddBytes(string name, ReadOnlySpan<byte> value) => AddValue(name, value.ToArray());

    public ViciSection AddList(string name, params IEnumerable<string> items)
    {
        CheckName(name);
        var encoded = items.Select(Encoding.UTF8.GetBytes).ToList();
        foreach (var item in encoded)
        {
            CheckValue(name, item.Length);
        }
        _entries.Add(ViciEntry.ForList(name, encoded));
        return this;
    }

    public ViciSection AddSection(string name, ViciSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        CheckName(name);
        _entries.Add(ViciEntry.ForSection(name, section));
        return this;
    }

    public ViciEntry? Find(string name) => _entries.Find(e => e.Name == name);

    public string? GetString(string name) => Find(name) is { Kind: ViciEntryKind.Value } entry ? entry.ValueText : null;

    public ViciSection? GetSection(string name) => Find(name)?.Section;

    /// <summary>The items of list <paramref name="name"/>, or an empty list when it is absent.</summary>
    public IReadOnlyList<string> GetList(string name) => Find(name) is { Kind: ViciEntryKind.List } entry ? entry.ItemTexts : [];

    /// <summary>VICI booleans are "yes"/"no"; anything else (or absent) is false.</summary>
    public bool GetBool(string name) => GetString(name) == "yes";

    public long? GetInt64(string name) =>
        long.TryParse(GetString(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The nested sections in order, e.g. one per IKE_SA in a list-sa event.</summary>
    public IEnumerable<ViciEntry> Sections => _entries.Where(e => e.Kind == ViciEntryKind.Section);

    /// <summary>Same names, kinds, values and order, recursively.</summary>
    public bool ContentEquals(ViciSection other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _entries.Count == other._entries.Count && _entries.Zip(other._entries).All(pair => pair.First.ContentEquals(pair.Second));
    }

    public IEnumerator<ViciEntry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var text = new StringBuilder();
        Describe(text);
        return text.ToString();
    }

    internal void AddEntry(ViciEntry entry) => _entries.Add(entry);

    private ViciSection AddValue(string name, byte[] value)
    {
        CheckName(name);
        CheckValue(name, value.Length);
        _entries.Add(ViciEntry.ForValue(name, value));
        return this;
    }

    private void Describe(StringBuilder text)
    {
        text.Append('{');
        foreach (var entry in _entries)
        {
            text.Append(' ').Append(entry.Name).Append('=');
            switch (entry.Kind)
            {
                case ViciEntryKind.Value:
                    text.Append(entry.ValueText);
                    break;
                case ViciEntryKind.List:
                    text.Append('[').AppendJoin(", ", entry.ItemTexts).Append(']');
                    break;
                default:
                    entry.Section!.Describe(text);
                    break;
            }
        }
        text.Append(" }");
    }

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Encoding.UTF8.GetByteCount(name) > ViciLimits.MaxNameLength)
        {
            ThrowHelper.ThrowNameTooLong(name);
        }
    }

    private static void CheckValue(string name, int length)
    {
        if (length > ViciLimits.MaxValueLength)
        {
            ThrowHelper.ThrowValueTooLong(name, length);
        }
    }
}
