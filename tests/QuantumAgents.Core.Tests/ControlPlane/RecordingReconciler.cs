using System.Globalization;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.Core.Tests.ControlPlane;

/// <summary>A reconciler with nothing to apply: it reports the revision of the work it last saw as a fact.</summary>
internal sealed class RecordingReconciler : IReconciler
{
    private long _revision = -1;

    public AgentStatusRequest Describe() => new()
    {
        Version = "test",
        Facts = new Dictionary<string, string> { ["revision"] = Interlocked.Read(ref _revision).ToString(CultureInfo.InvariantCulture) },
    };

    public Task<IReadOnlyList<ResourceStatusRequest>> ReconcileAsync(WorkView work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        Interlocked.Exchange(ref _revision, work.Revision);
        return Task.FromResult<IReadOnlyList<ResourceStatusRequest>>([]);
    }

    /// <summary>The revision a report says the reconciler saw.</summary>
    public static long RevisionOf(AgentStatusRequest report) => long.Parse(report.Facts!["revision"], CultureInfo.InvariantCulture);
}
