using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// A service's sustained draw of QKD key, in bits per second, on every link of its key path: a
/// tunnel takes <see cref="TunnelWork.KeysPerRekey"/> keys every <c>rekey_seconds</c>; a TLS
/// session one key per connection, at most <c>connections_per_second</c> of them (the agents
/// hold it to that). A relayed key costs each link on the path the same bits.
/// </summary>
public static class KeyDraw
{
    public static double BitsPerSecond(ServiceResource resource, int keyBits)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Tunnel is { } tunnel ? Of(tunnel, keyBits) : Of(resource.Tls!, keyBits);
    }

    public static double Of(TunnelSpec tunnel, int keyBits)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        return TunnelWork.KeysPerRekey(tunnel.Auth) * (double)keyBits / tunnel.RekeySeconds;
    }

    public static double Of(TlsSessionSpec session, int keyBits)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.ConnectionsPerSecond * (double)keyBits;
    }
}
