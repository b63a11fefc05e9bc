using System.Threading.Channels;
using Tmds.DBus.Protocol;

namespace QuantumAgents.Core.Systemd;

/// <summary>Start and restart jobs, awaited until systemd removes them and checked for their result.</summary>
public sealed partial class SystemdUnits
{
    /// <summary>
    /// Starts the unit (mode <c>replace</c>) and returns when the job is done: for a
    /// <c>Type=notify</c> unit, once it sent READY=1. Throws <see cref="SystemdJobFailedException"/>
    /// naming the unit and systemd's result otherwise.
    /// </summary>
    public Task StartAsync(string unit, CancellationToken cancellationToken) => RunJobAsync("StartUnit", "start", unit, cancellationToken);

    /// <summary>Restarts the unit (starts it if stopped) and returns when the job is done; as <see cref="StartAsync"/>.</summary>
    public Task RestartAsync(string unit, CancellationToken cancellationToken) => RunJobAsync("RestartUnit", "restart", unit, cancellationToken);

    private async Task RunJobAsync(string method, string operation, string unit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        var removed = Channel.CreateUnbounded<RemovedJob>(new UnboundedChannelOptions { SingleReader = true });
        // Listening before the request: a quick job can be removed before its path is back.
        using var match = await AddMatchAsync(JobRemovedRule(), ReadJobRemoved, removed.Writer).ConfigureAwait(false);
        string job;
        try
        {
            job = await CallAsync(UnitJobMessage(Connection(), method, unit), ReadObjectPath).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException e)
        {
            throw new SystemdJobFailedException(unit, operation, $"{e.ErrorName}: {e.ErrorMessage}", e);
        }
        while (true)
        {
            var end = await NextAsync(removed.Reader, cancellationToken).ConfigureAwait(false);
            if (end.Job != job)
            {
                continue;
            }
            if (end.Result != SystemdBusNames.JobDone)
            {
                throw new SystemdJobFailedException(unit, operation, end.Result);
            }
            return;
        }
    }
}
