using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;

namespace QuantumAgents.Core.ControlPlane;

/// <summary>
/// The loop every agent runs: long-poll the work, reconcile, report; again on every change,
/// at least every <see cref="PollSeconds"/> (which is also the heartbeat), and at once when the
/// reconciler's world changes by itself (<see cref="ReconcileTrigger"/>). When the control plane is away
/// it keeps reconciling the last work it had, and retries with a growing pause. An agent with a
/// KME also reports its node's QKD link levels (<see cref="KmeLinkLevels"/>).
/// </summary>
public sealed partial class ReconcileLoop(
    ControlPlaneClient client, IReconciler reconciler, ReconcileTrigger trigger, ILogger<ReconcileLoop> logger, KmeLinkLevels? linkLevels = null)
    : BackgroundService
{
    /// <summary>Below the control plane's default agent timeout (30 s), so a live agent never looks dead.</summary>
    public const int PollSeconds = 20;

    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(30);

    /// <summary>Completes after each report the control plane accepted (for tests and readiness).</summary>
    public event Action<StatusAccepted>? Reported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var revision = -1L;
        WorkView? work = null;
        var pause = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                work = await NextWorkAsync(revision, work, stoppingToken).ConfigureAwait(false);
                _ = linkLevels?.RefreshIfDue(work.Links);
                var resources = await reconciler.ReconcileAsync(work, stoppingToken).ConfigureAwait(false);
                var status = reconciler.Describe();
                status.Resources = [.. resources];
                if (linkLevels is not null)
                {
                    status.Links = [.. linkLevels.Known];
                }
                var accepted = await client.ReportAsync(status, stoppingToken).ConfigureAwait(false);
                if (accepted.UnknownResources.Count > 0)
                {
                    LogUnknown(string.Join(", ", accepted.UnknownResources));
                }
                revision = work.Revision;
                pause = TimeSpan.FromSeconds(1);
                Reported?.Invoke(accepted);
            }
            catch (ControlPlaneException e)
            {
                LogUnreachable(e.Message, pause.TotalSeconds);
                if (work is not null)
                {
                    // Level-triggered: what was asked before still holds while the control plane is away.
                    await ReconcileQuietlyAsync(work, stoppingToken).ConfigureAwait(false);
                }
                pause = await PauseAsync(pause, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A reconciler that fails (a program refused, a bug) must not stop the agent: next pass.
                LogReconcileFailed(e);
                pause = await PauseAsync(pause, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The next work: a long poll, cut short by a nudge (then the work as it is now, or the last work to report on).</summary>
    private async Task<WorkView> NextWorkAsync(long revision, WorkView? last, CancellationToken stoppingToken)
    {
        if (last is not null)
        {
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var polling = client.GetWorkAsync(revision, PollSeconds, poll.Token);
            var nudge = trigger.WaitAsync(poll.Token);
            var changed = await Task.WhenAny(polling, nudge).ConfigureAwait(false) == polling;
            await poll.CancelAsync().ConfigureAwait(false);
            if (changed)
            {
                await nudge.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                return await polling.ConfigureAwait(false);
            }
            await polling.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            if (!trigger.TakeRefetch())
            {
                return last;
            }
        }
        return await client.GetWorkAsync(revision, 0, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Waits out a retry pause, or less if nudged (the world changed: try now); returns the next, longer pause.</summary>
    private async Task<TimeSpan> PauseAsync(TimeSpan pause, CancellationToken stoppingToken)
    {
        await trigger.WaitAsync(pause, stoppingToken).ConfigureAwait(false);
        return TimeSpan.FromTicks(Math.Min(MaxRetryPause.Ticks, pause.Ticks * 2));
    }

    private async Task ReconcileQuietlyAsync(WorkView work, CancellationToken stoppingToken)
    {
        try
        {
            await reconciler.ReconcileAsync(work, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReconcileFailed(e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "control plane: {Message}; retrying in {Seconds} s")]
    private partial void LogUnreachable(string message, double seconds);

    [LoggerMessage(LogLevel.Information, "control plane does not know {Ids}; they are not ours to keep")]
    private partial void LogUnknown(string ids);

    [LoggerMessage(LogLevel.Error, "reconciling failed; trying again")]
    private partial void LogReconcileFailed(Exception e);
}
