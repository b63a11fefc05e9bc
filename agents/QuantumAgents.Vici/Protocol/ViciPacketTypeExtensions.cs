namespace QuantumAgents.Vici.Protocol;

internal static class ViciPacketTypeExtensions
{
    public static bool IsNamed(this ViciPacketType type) => type is
        ViciPacketType.CommandRequest or ViciPacketType.EventRegister or ViciPacketType.EventUnregister or ViciPacketType.Event;

    public static bool CarriesMessage(this ViciPacketType type) => type is
        ViciPacketType.CommandRequest or ViciPacketType.CommandResponse or ViciPacketType.Event;

    public static bool IsDefined(this ViciPacketType type) => (byte)type <= (byte)ViciPacketType.Event;
}
