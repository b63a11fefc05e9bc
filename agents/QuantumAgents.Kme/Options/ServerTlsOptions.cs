using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Kme.Options;

/// <summary>The KME's own certificate (server, and client towards peer KMEs) and the CA its clients chain to.</summary>
public sealed class ServerTlsOptions
{
    [ConfigurationKeyName("certificate")] public string Certificate { get; set; } = "";
    [ConfigurationKeyName("key")] public string Key { get; set; } = "";
    [ConfigurationKeyName("ca")] public string Ca { get; set; } = "";
}
