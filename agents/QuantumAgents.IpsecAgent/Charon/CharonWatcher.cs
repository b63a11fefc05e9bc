using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.IpsecAgent.Options;
using QuantumAgents.IpsecAgent.Planning;
using QuantumAgents.Vici.Events;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.IpsecAgent.Charon;

/// <summary>
/// Follows charon's SA events on a connection of their own: an SA of ours going up, down or
/// rekeyed, and charon coming back after a restart, all make the agent reconcile and report now.
/// </summary>
public sealed partial class CharonWatcher(IpsecAgentOptions options, IReconcileTrigger nudge, TimeProvider time, ILogger<CharonWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var subscription = await ViciEventSubscription.StartAsync(
                    new ViciSubscriptionOptions { SocketPath = options.ViciSocket, Events = ViciEventNames.SaLifecycle }, stoppingToken).ConfigureAwait(false);
                nudge.Nudge();
                await foreach (var e in subscription.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    if (e.Kind == ViciEventKind.Reconnected)
                    {
                        LogCharonBack();
                        nudge.Nudge();
                    }
                    else if (e.ConnectionNames.Any(name => name.StartsWith(TunnelNames.Prefix, StringComparison.Ordinal)))
                    {
                        // Up: the work asked for it, a report will do. Down or rekeyed: look again.
                        if (e.IsUp)
                        {
                            nudge.NudgeToReport();
                        }
                        else
                        {
                            nudge.Nudge();
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ViciException e)
            {
                LogNoCharon(e.Message);
                await Task.Delay(RetryPause, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "charon is back: reconciling")]
    private partial void LogCharonBack();

    [LoggerMessage(LogLevel.Warning, "charon events unavailable ({Message}); retrying")]
    private partial void LogNoCharon(string message);
}
