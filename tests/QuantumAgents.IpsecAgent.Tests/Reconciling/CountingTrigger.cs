using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.IpsecAgent.Tests.Reconciling;

/// <summary>A trigger that counts what the reconciler asks for instead of waking a loop.</summary>
internal sealed class CountingTrigger(Action nudged, Action reported) : IReconcileTrigger
{
    public void Nudge() => nudged();

    public void NudgeToReport() => reported();
}
