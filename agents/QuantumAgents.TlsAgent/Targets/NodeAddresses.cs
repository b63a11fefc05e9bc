using System.Net;
using System.Net.NetworkInformation;

namespace QuantumAgents.TlsAgent.Targets;

/// <summary>The addresses this node holds now, on every interface (in the agent's network namespace).</summary>
public static class NodeAddresses
{
    public static IEnumerable<IPAddress> Read() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address);
}
