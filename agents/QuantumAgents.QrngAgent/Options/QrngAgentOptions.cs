using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Hosting;

namespace QuantumAgents.QrngAgent.Options;

/// <summary><c>/etc/quantum-agents/qrng-agent.json</c>: one QRNG agent per machine (node or VM).</summary>
public sealed partial class QrngAgentOptions : IDaemonOptions<QrngAgentOptions>, IAgentOptions
{
    public static string Part => "qrng-agent";

    /// <summary>Where the bytes come from; in a VM, <c>{"kind": "control_plane", ...}</c>.</summary>
    [ConfigurationKeyName("source")] public EntropySourceOptions Source { get; set; } = new();

    /// <summary>The device the bytes go to.</summary>
    [ConfigurationKeyName("device")] public string Device { get; set; } = "/dev/qrng";

    [ConfigurationKeyName("module")] public ModuleOptions Module { get; set; } = new();

    /// <summary>The most bytes taken from the source at once (one write to the device).</summary>
    [ConfigurationKeyName("batch_bytes")] public int BatchBytes { get; set; } = 64 * 1024;

    /// <summary>A cap on what this machine takes from a shared source; 0 means none.</summary>
    [ConfigurationKeyName("rate_bytes_per_second")] public long RateBytesPerSecond { get; set; }

    /// <summary>
    /// The rngd unit to restart once the device is there (<c>rng-tools-debian.service</c> with
    /// <c>HRNGDEVICE=/dev/qrng</c>, or <c>rngd.service</c>); empty: rngd is left alone.
    /// </summary>
    [ConfigurationKeyName("rngd_unit")] public string RngdUnit { get; set; } = "";

    /// <summary>The node this machine reports as; required with <see cref="ControlPlane"/>.</summary>
    [ConfigurationKeyName("node")] public string Node { get; set; } = "";

    /// <summary>Where to report source, health, bytes fed and fill level; no reporting when absent.</summary>
    [ConfigurationKeyName("control_plane")] public ControlPlaneClientOptions? ControlPlane { get; set; }

    /// <summary>The QRNG agent draws no keys.</summary>
    KmeClientOptions? IAgentOptions.Kme => null;

    public static QrngAgentOptions Bind(IConfiguration configuration, bool rejectUnknownKeys) =>
        configuration.Get<QrngAgentOptions>(binder => binder.ErrorOnUnknownConfiguration = rejectUnknownKeys) ?? new QrngAgentOptions();

    public IEnumerable<string> Validate()
    {
        foreach (var problem in Source.Validate("source"))
        {
            yield return problem;
        }
        if (!Device.StartsWith('/'))
        {
            yield return $"device: '{Device}' is not an absolute path";
        }
        foreach (var problem in Module.Validate())
        {
            yield return problem;
        }
        if (BatchBytes is < 512 or > 16 << 20)
        {
            yield return "batch_bytes: between 512 and 16777216";
        }
        if (RateBytesPerSecond < 0)
        {
            yield return "rate_bytes_per_second: 0 (no cap) or more";
        }
        else if (RateBytesPerSecond > 0 && RateBytesPerSecond < BatchBytes)
        {
            // A batch is taken whole: a cap below one batch could never let one through.
            yield return "rate_bytes_per_second: at least batch_bytes, or 0 for no cap";
        }
        if (RngdUnit.Length > 0 && !UnitName().IsMatch(RngdUnit))
        {
            yield return $"rngd_unit: '{RngdUnit}' is not a systemd service name";
        }
        if (ControlPlane is not null)
        {
            if (!NodeName().IsMatch(Node))
            {
                yield return "node: required with control_plane, letters, digits and '-'";
            }
            foreach (var problem in ControlPlane.Validate())
            {
                yield return problem;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NodeName();

    [GeneratedRegex(@"^[A-Za-z0-9:_.\\-]{1,200}\.service$")]
    private static partial Regex UnitName();
}
