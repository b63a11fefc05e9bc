using Microsoft.Extensions.Logging.Abstractions;
using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.Core.Tests.ControlPlane;

/// <summary>
/// The loop woken through its trigger while a long poll that never answers is under way: only the
/// trigger can cause a report here.
/// </summary>
public sealed class ReconcileLoopWakeTests
{
    [Fact]
    public async Task A_nudge_to_report_reports_the_last_work_and_a_nudge_fetches_the_current_work_first()
    {
        using var controlPlane = new ScriptedControlPlane();
        using var client = controlPlane.Client();
        using var trigger = new ReconcileTrigger();
        using var loop = new ReconcileLoop(client, new RecordingReconciler(), trigger, NullLogger<ReconcileLoop>.Instance);
        await loop.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(1, RecordingReconciler.RevisionOf(controlPlane.NextReport()));
            controlPlane.Revision = 2;

            trigger.NudgeToReport();
            Assert.Equal(1, RecordingReconciler.RevisionOf(controlPlane.NextReport()));

            trigger.Nudge();
            Assert.Equal(2, RecordingReconciler.RevisionOf(controlPlane.NextReport()));
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
        string[] expected = ["GET wait=0", "PUT", "GET wait=20", "PUT", "GET wait=20", "GET wait=0", "PUT"];
        Assert.Equal(expected, controlPlane.Requests.Take(expected.Length));
    }
}
