using System.Runtime.CompilerServices;

namespace QuantumAgents.Core.Systemd;

/// <summary>A unit coming back: what a client of a restarted service has to react to.</summary>
public sealed partial class SystemdUnits
{
    /// <summary>
    /// Yields each time the unit becomes <c>active</c> after having been in any other state (a
    /// <c>systemctl restart</c>, or <c>Restart=</c> after a crash). The state at the start of the
    /// watch does not count: the caller has just looked at the service anyway.
    /// </summary>
    public async IAsyncEnumerable<UnitState> WatchReactivationsAsync(string unit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool? wasActive = null;
        await foreach (var state in WatchAsync(unit, cancellationToken).ConfigureAwait(false))
        {
            if (wasActive == false && state.IsActive)
            {
                yield return state;
            }
            wasActive = state.IsActive;
        }
    }
}
