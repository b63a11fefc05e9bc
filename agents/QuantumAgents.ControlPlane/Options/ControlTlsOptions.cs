using Microsoft.Extensions.Configuration;

namespace QuantumAgents.ControlPlane.Options;

/// <summary>The control plane's server certificate, for its https:// listeners.</summary>
public sealed class ControlTlsOptions
{
    [ConfigurationKeyName("certificate")] public string Certificate { get; set; } = "";
    [ConfigurationKeyName("key")] public string Key { get; set; } = "";
}
