using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Hosting;

namespace QuantumAgents.TlsAgent.Options;

/// <summary><c>/etc/quantum-agents/tls-agent.json</c>: one TLS agent per node.</summary>
public sealed partial class TlsAgentOptions : IDaemonOptions<TlsAgentOptions>, IAgentOptions
{
    public const int DefaultMaxHandshakesPerSession = 16;

    public const int MostHandshakesPerSession = 1024;

    public static string Part => "tls-agent";

    [ConfigurationKeyName("node")] public string Node { get; set; } = "";

    [ConfigurationKeyName("control_plane")] public ControlPlaneClientOptions ControlPlane { get; set; } = new();

    [ConfigurationKeyName("kme")] public KmeClientOptions Kme { get; set; } = new();

    [ConfigurationKeyName("server")] public ServerRoleOptions Server { get; set; } = new();

    /// <summary>The address the client role's session listeners bind (the port comes from each session).</summary>
    [ConfigurationKeyName("listen_address")] public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Where server-role sessions may connect; empty (the default) allows no target at all.</summary>
    [ConfigurationKeyName("allowed_targets")] public List<AllowedTargetOptions> AllowedTargets { get; set; } = [];

    /// <summary>The deployment's own ranges (management network, QKD data links, node addresses), never a target.</summary>
    [ConfigurationKeyName("infrastructure_ranges")] public List<string> InfrastructureRanges { get; set; } = [];

    /// <summary>
    /// Connections of one session between accept and keyed TLS (the key request to the KME, the
    /// handshake) at once; one more is reset before it asks for a key.
    /// </summary>
    [ConfigurationKeyName("max_handshakes_per_session")] public int MaxHandshakesPerSession { get; set; } = DefaultMaxHandshakesPerSession;

    /// <summary>This agent's SAE at its KME, as the control plane names it.</summary>
    public string SaeId => Node + "-tls";

    public static TlsAgentOptions Bind(IConfiguration configuration, bool rejectUnknownKeys) =>
        configuration.Get<TlsAgentOptions>(binder => binder.ErrorOnUnknownConfiguration = rejectUnknownKeys) ?? new TlsAgentOptions();

    public IEnumerable<string> Validate()
    {
        if (!NodeName().IsMatch(Node))
        {
            yield return "node: required, letters, digits and '-'";
        }
        if (!System.Net.IPAddress.TryParse(ListenAddress, out _))
        {
            yield return $"listen_address: '{ListenAddress}' is not an IP address";
        }
        if (MaxHandshakesPerSession is < 1 or > MostHandshakesPerSession)
        {
            yield return $"max_handshakes_per_session: 1 to {MostHandshakesPerSession}";
        }
        foreach (var problem in ControlPlane.Validate().Concat(Kme.Validate()).Concat(Server.Validate()).Concat(TargetOptions.Validate(this)))
        {
            yield return problem;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NodeName();
}
