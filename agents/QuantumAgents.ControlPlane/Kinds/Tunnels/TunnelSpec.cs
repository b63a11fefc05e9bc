using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.Kinds.Tunnels;

/// <summary>An IPsec tunnel as the user asked for it. <c>a</c> initiates and is the master SAE.</summary>
public sealed record TunnelSpec(string A, string B, IReadOnlyList<string> ASubnets, IReadOnlyList<string> BSubnets, string Auth, int RekeySeconds)
    : IServiceSpec
{
    /// <summary><see cref="TunnelWork.KeysPerRekey"/> keys every <c>rekey_seconds</c>.</summary>
    public double KeyBitsPerSecond(int keyBits) => TunnelWork.KeysPerRekey(Auth) * (double)keyBits / RekeySeconds;
}
