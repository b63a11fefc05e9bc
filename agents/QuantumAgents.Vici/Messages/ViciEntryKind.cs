namespace QuantumAgents.Vici.Messages;

public enum ViciEntryKind
{
    /// <summary>A KEY_VALUE element: one opaque value.</summary>
    Value,
    /// <summary>A LIST_START … LIST_END run: an ordered list of values.</summary>
    List,
    /// <summary>A SECTION_START … SECTION_END run: a nested section.</summary>
    Section,
}
