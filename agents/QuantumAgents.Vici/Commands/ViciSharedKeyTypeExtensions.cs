namespace QuantumAgents.Vici.Commands;

internal static class ViciSharedKeyTypeExtensions
{
    public static string WireName(this ViciSharedKeyType type) => type switch
    {
        ViciSharedKeyType.Ike => "IKE",
        ViciSharedKeyType.Ppk => "PPK",
        ViciSharedKeyType.Eap => "EAP",
        ViciSharedKeyType.Xauth => "XAUTH",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown shared key type"),
    };
}
