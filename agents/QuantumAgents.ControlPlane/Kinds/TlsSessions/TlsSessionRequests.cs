using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Validation;

namespace QuantumAgents.ControlPlane.Kinds.TlsSessions;

/// <summary>Turns a TLS session request into a spec, or refuses it with a message naming the field.</summary>
public static class TlsSessionRequests
{
    public static TlsSessionSpec TlsSession(this RequestValidator validator, TlsSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(request);
        var (client, server) = validator.NodePair("client_node", request.ClientNode, "server_node", request.ServerNode);
        if (request.Listen is not { } listen || listen is < 1 or > 65535)
        {
            throw RequestRefusedException.BadRequest("listen: required, a TCP port between 1 and 65535 on the client node");
        }
        if (!TlsTargets.TryParse(request.Target, out _, out _))
        {
            throw RequestRefusedException.BadRequest(
                "target: required, ADDRESS:PORT reachable from the server node (an IP address, IPv6 in brackets; not a name: targets are allowed by address)");
        }
        var maxConnections = request.MaxConnections ?? TlsSessionWork.DefaultMaxConnections;
        if (maxConnections is < 1 or > TlsSessionWork.MostConnections)
        {
            throw RequestRefusedException.BadRequest(
                $"max_connections: connections carried at once, 1 to {TlsSessionWork.MostConnections} (default {TlsSessionWork.DefaultMaxConnections})");
        }
        var perSecond = request.ConnectionsPerSecond ?? TlsSessionWork.DefaultConnectionsPerSecond;
        if (perSecond is < 1 or > TlsSessionWork.MostConnectionsPerSecond)
        {
            throw RequestRefusedException.BadRequest(
                $"connections_per_second: new connections (each takes a QKD key), 1 to {TlsSessionWork.MostConnectionsPerSecond} (default {TlsSessionWork.DefaultConnectionsPerSecond})");
        }
        return new TlsSessionSpec(client, server, listen, request.Target!, maxConnections, perSecond);
    }
}
