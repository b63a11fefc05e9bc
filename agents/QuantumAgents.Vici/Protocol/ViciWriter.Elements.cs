using System.Text;
using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Protocol;

internal sealed partial class ViciWriter
{
    public ViciWriter BeginSection(string name)
    {
        NotInList("a section");
        if (_depth >= ViciLimits.MaxSectionDepth)
        {
            ThrowHelper.ThrowWriterState($"sections nested deeper than {ViciLimits.MaxSectionDepth}");
        }
        WriteByte((byte)ViciElementType.SectionStart);
        WriteName(name);
        _depth++;
        return this;
    }

    public ViciWriter EndSection()
    {
        NotInList("a section end");
        if (_depth == 0)
        {
            ThrowHelper.ThrowWriterState("no section to end");
        }
        WriteByte((byte)ViciElementType.SectionEnd);
        _depth--;
        return this;
    }

    public ViciWriter KeyValue(string name, ReadOnlySpan<byte> value)
    {
        NotInList("a key/value");
        WriteByte((byte)ViciElementType.KeyValue);
        WriteName(name);
        WriteValue(name, value);
        return this;
    }

    public ViciWriter KeyValue(string name, string value) => KeyValue(name, Encoding.UTF8.GetBytes(value));

    public ViciWriter BeginList(string name)
    {
        NotInList("a nested list");
        WriteByte((byte)ViciElementType.ListStart);
        WriteName(name);
        _inList = true;
        return this;
    }

    public ViciWriter ListItem(ReadOnlySpan<byte> value)
    {
        if (!_inList)
        {
            ThrowHelper.ThrowWriterState("a list item outside a list");
        }
        WriteByte((byte)ViciElementType.ListItem);
        WriteValue("list item", value);
        return this;
    }

    public ViciWriter EndList()
    {
        if (!_inList)
        {
            ThrowHelper.ThrowWriterState("no list to end");
        }
        WriteByte((byte)ViciElementType.ListEnd);
        _inList = false;
        return this;
    }

    public ViciWriter List(string name, IEnumerable<string> items)
    {
        BeginList(name);
        foreach (var item in items)
        {
            ListItem(Encoding.UTF8.GetBytes(item));
        }
        return EndList();
    }

    /// <summary>Every entry of <paramref name="section"/>, in order, at the current level.</summary>
    public ViciWriter Entries(ViciSection section)
    {
        foreach (var entry in section)
        {
            switch (entry.Kind)
            {
                case ViciEntryKind.Value:
                    KeyValue(entry.Name, entry.Value.Span);
                    break;
                case ViciEntryKind.List:
                    BeginList(entry.Name);
                    foreach (var item in entry.Items)
                    {
                        ListItem(item);
                    }
                    EndList();
                    break;
                default:
                    BeginSection(entry.Name).Entries(entry.Section!).EndSection();
                    break;
            }
        }
        return this;
    }

    private void NotInList(string what)
    {
        if (_inList)
        {
            ThrowHelper.ThrowWriterState($"{what} inside a list");
        }
    }
}
