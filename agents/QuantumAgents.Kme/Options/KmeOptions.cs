using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Hosting;

namespace QuantumAgents.Kme.Options;

/// <summary><c>/etc/quantum-agents/kmed.json</c>: one KME, its SAEs and its QKD links.</summary>
public sealed class KmeOptions : IDaemonOptions<KmeOptions>
{
    public static string Part => "kmed";

    /// <summary>This KME's node, e.g. <c>cait</c>.</summary>
    [ConfigurationKeyName("node")] public string Node { get; set; } = "";

    /// <summary>The KME ID reported in <c>status</c>; <c>kme-&lt;node&gt;</c> by default.</summary>
    [ConfigurationKeyName("kme_id")] public string? KmeId { get; set; }

    [ConfigurationKeyName("listen")] public List<string> Listen { get; set; } = [];

    [ConfigurationKeyName("tls")] public ServerTlsOptions Tls { get; set; } = new();

    [ConfigurationKeyName("state_directory")] public string StateDirectory { get; set; } = "/var/lib/quantum-agents/kme";

    /// <summary>
    /// <c>power_loss</c> (default): every commit is flushed to the disk before the answer
    /// (fsync). <c>process_crash</c>: a commit survives the daemon's death (kill -9) but not
    /// the machine's; faster on slow disks. See docs/kme.md "Durability".
    /// </summary>
    [ConfigurationKeyName("durability")] public string Durability { get; set; } = "power_loss";

    [ConfigurationKeyName("keys")] public KeyPolicyOptions Keys { get; set; } = new();

    /// <summary>
    /// How long the audit records are kept: the delivery ledger (which SAE got which key_ID) and
    /// the stream uses (which bytes of a link served which key or forwarding message). Older
    /// rows are pruned in the background, so a long-running KME does not fill its disk.
    /// </summary>
    [ConfigurationKeyName("audit_retention_days")] public int AuditRetentionDays { get; set; } = 90;

    /// <summary>Every SAE this KME serves or delivers to, by SAE ID.</summary>
    [ConfigurationKeyName("saes")] public Dictionary<string, SaeOptions> Saes { get; set; } = [];

    /// <summary>This node's QKD links, by peer node name.</summary>
    [ConfigurationKeyName("links")] public Dictionary<string, QkdLinkOptions> Links { get; set; } = [];

    /// <summary>
    /// The whole QKD network, node → adjacent nodes, for trusted-node forwarding to nodes this
    /// one has no link with. Without it, only this node's own links are known.
    /// </summary>
    [ConfigurationKeyName("topology")] public Dictionary<string, List<string>> Topology { get; set; } = [];

    public string EffectiveKmeId => string.IsNullOrEmpty(KmeId) ? "kme-" + Node : KmeId;

    public static KmeOptions Bind(IConfiguration configuration, bool rejectUnknownKeys) =>
        configuration.Get<KmeOptions>(binder => binder.ErrorOnUnknownConfiguration = rejectUnknownKeys) ?? new KmeOptions();

    public IEnumerable<string> Validate() => KmeOptionsValidator.Validate(this);
}
