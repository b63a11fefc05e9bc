namespace QuantumAgents.Vici.Protocol;

/// <summary>The first byte of every VICI segment.</summary>
public enum ViciPacketType : byte
{
    /// <summary>Named; carries a message (possibly empty).</summary>
    CommandRequest = 0,
    /// <summary>Carries a message.</summary>
    CommandResponse = 1,
    /// <summary>The daemon does not know the command.</summary>
    CommandUnknown = 2,
    /// <summary>Named; no message.</summary>
    EventRegister = 3,
    /// <summary>Named; no message.</summary>
    EventUnregister = 4,
    EventConfirm = 5,
    /// <summary>The daemon does not know the event.</summary>
    EventUnknown = 6,
    /// <summary>Named; carries a message.</summary>
    Event = 7,
}
