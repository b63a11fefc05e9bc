using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Hosting;

namespace QuantumAgents.ControlPlane.Options;

/// <summary><c>/etc/quantum-agents/controld.json</c>: the deployment's nodes, who may call, and the limits.</summary>
public sealed class ControlPlaneOptions : IDaemonOptions<ControlPlaneOptions>
{
    public static string Part => "controld";

    /// <summary><c>https://ADDRESS:PORT</c> (needs <see cref="Tls"/>) or <c>http://127.0.0.1:PORT</c>.</summary>
    [ConfigurationKeyName("listen")] public List<string> Listen { get; set; } = [];

    [ConfigurationKeyName("tls")] public ControlTlsOptions Tls { get; set; } = new();

    [ConfigurationKeyName("state_directory")] public string StateDirectory { get; set; } = "/var/lib/quantum-agents/controld";

    /// <summary><c>power_loss</c> (default, fsync per commit) or <c>process_crash</c>, as for the KME.</summary>
    [ConfigurationKeyName("durability")] public string Durability { get; set; } = "power_loss";

    /// <summary>SHA-256 (hex) of the admin token; the token itself is never stored.</summary>
    [ConfigurationKeyName("admin_token_sha256")] public string AdminTokenSha256 { get; set; } = "";

    /// <summary>Every node of the deployment, by name, with its QKD links and its agents' token.</summary>
    [ConfigurationKeyName("nodes")] public Dictionary<string, ControlNodeOptions> Nodes { get; set; } = [];

    /// <summary>
    /// The deployment's own networks (management, QKD data links), as CIDRs or addresses: no
    /// tunnel or TLS target may touch them, whatever <c>client_subnets</c> and <c>tls_targets</c>
    /// say. Loopback, link-local, multicast and every node's <c>address</c> are refused anyway.
    /// </summary>
    [ConfigurationKeyName("infrastructure_ranges")] public List<string> InfrastructureRanges { get; set; } = [];

    [ConfigurationKeyName("key_budget")] public KeyBudgetOptions KeyBudget { get; set; } = new();

    [ConfigurationKeyName("entropy")] public EntropyServiceOptions Entropy { get; set; } = new();

    /// <summary>An agent not heard from for this long is unhealthy, and so are the resources it serves.</summary>
    [ConfigurationKeyName("agent_timeout_seconds")] public int AgentTimeoutSeconds { get; set; } = 30;

    /// <summary>The longest a caller may block with <c>?wait=</c> or an agent's long poll.</summary>
    [ConfigurationKeyName("max_wait_seconds")] public int MaxWaitSeconds { get; set; } = 300;

    public static ControlPlaneOptions Bind(IConfiguration configuration, bool rejectUnknownKeys) =>
        configuration.Get<ControlPlaneOptions>(binder => binder.ErrorOnUnknownConfiguration = rejectUnknownKeys) ?? new ControlPlaneOptions();

    public IEnumerable<string> Validate() => ControlPlaneOptionsValidator.Validate(this);
}
