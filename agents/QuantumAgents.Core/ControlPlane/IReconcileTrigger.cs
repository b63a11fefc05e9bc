namespace QuantumAgents.Core.ControlPlane;

/// <summary>
/// What watchers, reconcilers and feeders are given to wake their agent's loop: the two ways of
/// asking for a pass (<see cref="ReconcileTrigger"/> is the one the loop listens to; a test can
/// count the calls instead).
/// </summary>
public interface IReconcileTrigger
{
    /// <summary>Fetch the current work, reconcile and report: the world changed by itself.</summary>
    void Nudge();

    /// <summary>Report on the last work: a change the last work already accounts for.</summary>
    void NudgeToReport();
}
