using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Protocol;

internal ref partial struct ViciReader
{
    /// <summary>
    /// The rest of the segment as a message. Iterative (an explicit stack, bounded by
    /// <see cref="ViciLimits.MaxSectionDepth"/>), so no input can overflow the call stack.
    /// </summary>
    public ViciSection ReadMessage()
    {
        var root = new ViciSection();
        var current = root;
        var parents = new Stack<ViciSection>();
        string? listName = null;
        List<byte[]>? listItems = null;

        while (!End)
        {
            var at = _offset;
            var type = ReadByte("element type");
            switch ((ViciElementType)type)
            {
                case ViciElementType.SectionStart:
                    RejectInsideList(listItems, "section start", at);
                    var sectionName = ReadName("section name");
                    if (parents.Count >= ViciLimits.MaxSectionDepth)
                    {
                        ThrowHelper.ThrowTooDeep(at);
                    }
                    var child = new ViciSection();
                    current.AddEntry(ViciEntry.ForSection(sectionName, child));
                    parents.Push(current);
                    current = child;
                    break;
                case ViciElementType.SectionEnd:
                    RejectInsideList(listItems, "section end", at);
                    if (parents.Count == 0)
                    {
                        ThrowHelper.ThrowUnbalanced("section end without a section", at);
                    }
                    current = parents.Pop();
                    break;
                case ViciElementType.KeyValue:
                    RejectInsideList(listItems, "key/value", at);
                    var key = ReadName("key name");
                    current.AddEntry(ViciEntry.ForValue(key, ReadValue("value")));
                    break;
                case ViciElementType.ListStart:
                    RejectInsideList(listItems, "nested list", at);
                    listName = ReadName("list name");
                    listItems = [];
                    break;
                case ViciElementType.ListItem:
                    if (listItems is null)
                    {
                        ThrowHelper.ThrowUnbalanced("list item outside a list", at);
                    }
                    listItems.Add(ReadValue("list item"));
                    break;
                case ViciElementType.ListEnd:
                    if (listItems is null)
                    {
                        ThrowHelper.ThrowUnbalanced("list end without a list", at);
                    }
                    current.AddEntry(ViciEntry.ForList(listName!, listItems));
                    listName = null;
                    listItems = null;
                    break;
                default:
                    ThrowHelper.ThrowUnknownElement(type, at);
                    break;
            }
        }
        if (listItems is not null)
        {
            ThrowHelper.ThrowUnbalanced($"list '{listName}' not closed", _offset);
        }
        if (parents.Count > 0)
        {
            ThrowHelper.ThrowUnbalanced($"{parents.Count} section(s) not closed", _offset);
        }
        return root;
    }

    private static void RejectInsideList(List<byte[]>? listItems, string what, int at)
    {
        if (listItems is not null)
        {
            ThrowHelper.ThrowUnbalanced($"{what} inside a list", at);
        }
    }
}
