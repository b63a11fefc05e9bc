using System.Net;
using Microsoft.Extensions.Configuration;

namespace QuantumAgents.TlsAgent.Options;

/// <summary>
/// The <c>server</c> section: where this node's agent accepts the TLS connections of every
/// session it serves. The client node's agent connects to <c>remote_address</c>:<see cref="Port"/>,
/// so every agent of a deployment uses the same port.
/// </summary>
public sealed class ServerRoleOptions
{
    [ConfigurationKeyName("address")] public string Address { get; set; } = "0.0.0.0";

    [ConfigurationKeyName("port")] public int Port { get; set; } = 8444;

    /// <summary>How long a peer may take for TCP + TLS handshake + session header (slow or silent peers are cut).</summary>
    [ConfigurationKeyName("handshake_timeout_seconds")] public int HandshakeTimeoutSeconds { get; set; } = 10;

    public IEnumerable<string> Validate()
    {
        if (!IPAddress.TryParse(Address, out _))
        {
            yield return $"server.address: '{Address}' is not an IP address";
        }
        if (Port is < 1 or > 65535)
        {
            yield return "server.port: 1 to 65535";
        }
        if (HandshakeTimeoutSeconds is < 1 or > 300)
        {
            yield return "server.handshake_timeout_seconds: 1 to 300";
        }
    }
}
