namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>One tenant of the multi-tenant test: its API token, its machines on both sides, and what it created.</summary>
public sealed class TenantServices(string name, TenantApi api, string localSubnet, string remoteSubnet, string localAddress, string remoteAddress, int listenPort)
{
    public string Name => name;
    public TenantApi Api => api;
    public string LocalSubnet => localSubnet;
    public string RemoteSubnet => remoteSubnet;
    public string LocalAddress => localAddress;
    public string RemoteAddress => remoteAddress;

    /// <summary>The port its TLS session listens on at cait.</summary>
    public int ListenPort => listenPort;
    public string TunnelId { get; set; } = "";
    public string SessionId { get; set; } = "";
}
