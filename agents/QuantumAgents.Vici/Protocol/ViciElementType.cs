namespace QuantumAgents.Vici.Protocol;

/// <summary>The type byte in front of every element of a VICI message.</summary>
internal enum ViciElementType : byte
{
    SectionStart = 1,
    SectionEnd = 2,
    KeyValue = 3,
    ListStart = 4,
    ListItem = 5,
    ListEnd = 6,
}
