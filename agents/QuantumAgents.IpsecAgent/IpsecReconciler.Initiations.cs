using Microsoft.Extensions.Logging;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.IpsecAgent.Charon;
using QuantumAgents.IpsecAgent.Initiating;
using QuantumAgents.IpsecAgent.Planning;
using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.IpsecAgent;

/// <summary>The initiators' <c>initiate</c> attempts: one attempt against charon, and what the pass makes of how they ended.</summary>
public sealed partial class IpsecReconciler
{
    /// <summary>One <c>initiate</c>: null when the tunnel is up, else charon's reason.</summary>
    private async Task<string?> InitiateOnceAsync(string tunnelId, CancellationToken stop)
    {
        try
        {
            await _charon.InitiateAsync(tunnelId, stop).ConfigureAwait(false);
            return null;
        }
        catch (ViciCommandException e)
        {
            return CharonFailure.Reason(e);
        }
        catch (ViciException e)
        {
            return "charon: " + e.Message;
        }
    }

    /// <summary>Up: report it now. Given up: look again (the next pass reports it failed).</summary>
    private void InitiationFinished(InitiationOutcome outcome, IReconcileTrigger nudge)
    {
        if (outcome.IsUp)
        {
            LogUp(outcome.TunnelId);
            nudge.NudgeToReport();
        }
        else
        {
            LogGaveUp(outcome.TunnelId, outcome.FailureReason!);
            nudge.Nudge();
        }
    }

    /// <summary>
    /// What the agent holds becomes what the ended initiations say. An initiation stopped in a
    /// pass (the tunnel removed or keyed again) never ends here: the schedule drops it.
    /// </summary>
    private void TakeInitiationOutcomes()
    {
        foreach (var outcome in _initiations.TakeFinished())
        {
            if (_held.TryGetValue(outcome.TunnelId, out var mine))
            {
                _held[outcome.TunnelId] = mine with
                {
                    Phase = outcome.IsUp ? TunnelPhase.Loaded : TunnelPhase.Failed,
                    Reason = outcome.FailureReason,
                };
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "tunnel {TunnelId} is up")]
    private partial void LogUp(string tunnelId);

    [LoggerMessage(LogLevel.Warning, "tunnel {TunnelId}: gave up initiating: {Reason}")]
    private partial void LogGaveUp(string tunnelId, string reason);
}
