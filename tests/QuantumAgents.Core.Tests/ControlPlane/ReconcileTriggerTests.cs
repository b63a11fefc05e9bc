using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.Core.Tests.ControlPlane;

/// <summary>What a nudge leaves for the loop: one wake however many nudges, and whether that pass fetches the work.</summary>
public sealed class ReconcileTriggerTests
{
    [Fact]
    public async Task Nudges_that_come_before_the_loop_waits_fold_into_one_wake()
    {
        using var trigger = new ReconcileTrigger();
        trigger.NudgeToReport();
        trigger.Nudge();
        trigger.NudgeToReport();

        Assert.True(await trigger.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await trigger.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public void A_nudge_asks_its_pass_to_fetch_the_current_work_once_and_a_nudge_to_report_does_not()
    {
        using var trigger = new ReconcileTrigger();
        trigger.NudgeToReport();
        Assert.False(trigger.TakeRefetch());

        trigger.Nudge();
        Assert.True(trigger.TakeRefetch());
        Assert.False(trigger.TakeRefetch());
    }

    [Fact]
    public async Task A_waiting_loop_is_woken_by_a_nudge_from_another_thread()
    {
        using var trigger = new ReconcileTrigger();
        var waiting = trigger.WaitAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        await Task.Run(trigger.Nudge);

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_nudge_after_the_agent_stopped_is_let_go()
    {
        var trigger = new ReconcileTrigger();
        trigger.Dispose();

        trigger.Nudge();
        trigger.NudgeToReport();
    }
}
