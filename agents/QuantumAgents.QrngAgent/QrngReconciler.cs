using System.Globalization;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Agents;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Entropy;
using QuantumAgents.QrngAgent.Feeding;
using QuantumAgents.QrngAgent.Options;
using QuantumAgents.QrngAgent.Rngd;

namespace QuantumAgents.QrngAgent;

/// <summary>
/// The agent's side of the control plane. The control plane assigns a QRNG agent no resources
/// (its work is always empty: the device is kept filled regardless), so reconciling is
/// reporting: source, health-test state, bytes fed, fill level and failures, as facts.
/// </summary>
public sealed class QrngReconciler(QrngAgentOptions options, IEntropySource source, FeederStatus status, RngdRestarter? rngd = null) : IReconciler
{
    private static readonly string Version = AgentVersion.Of(typeof(QrngReconciler));

    public AgentStatusRequest Describe() => new()
    {
        Version = Version,
        Facts = Facts(options, source, status.Snapshot(), rngd?.State),
    };

    public Task<IReadOnlyList<ResourceStatusRequest>> ReconcileAsync(WorkView work, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ResourceStatusRequest>>([]);

    /// <summary>The facts of one report (pure: the tests check them from a snapshot).</summary>
    public static Dictionary<string, string> Facts(QrngAgentOptions options, IEntropySource source, FeederSnapshot snapshot, string? rngdState = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(snapshot);
        var facts = new Dictionary<string, string>
        {
            ["device"] = options.Device,
            ["source"] = source.Description,
            ["quantum"] = source.IsQuantum ? "true" : "false",
            ["health"] = snapshot.State == FeederState.SourceOutOfService ? "failing" : "ok",
            ["state"] = StateName(snapshot.State),
            ["bytes_fed"] = snapshot.BytesFed.ToString(CultureInfo.InvariantCulture),
            ["fill_level"] = snapshot.FillLevel < 0 ? "unknown" : snapshot.FillLevel.ToString(CultureInfo.InvariantCulture),
            ["source_failures"] = snapshot.SourceFailures.ToString(CultureInfo.InvariantCulture),
            ["device_failures"] = snapshot.DeviceFailures.ToString(CultureInfo.InvariantCulture),
            ["rate_cap_bytes_per_second"] = options.RateBytesPerSecond == 0 ? "none" : options.RateBytesPerSecond.ToString(CultureInfo.InvariantCulture),
        };
        facts["rngd"] = rngdState ?? "not managed";
        if (snapshot.LastFailure is { } failure)
        {
            facts["last_failure"] = failure.Length > 500 ? failure[..500] : failure;
        }
        return facts;
    }

    public static string StateName(FeederState state) => state switch
    {
        FeederState.Starting => "starting",
        FeederState.Feeding => "feeding",
        FeederState.SourceOutOfService => "source_out_of_service",
        _ => "device_unavailable",
    };
}
