using Microsoft.Extensions.Logging;
using QuantumAgents.Core.Systemd;
using QuantumAgents.QrngAgent.Device;

namespace QuantumAgents.QrngAgent.Rngd;

/// <summary>
/// rngd opens its <c>HRNGDEVICE</c> once, at start: started before <c>/dev/qrng</c> existed, or
/// holding a node of a module that was reloaded since, it reads nothing. So the rngd unit is
/// restarted through systemd's D-Bus API whenever the agent opens a device it did not have
/// before: its first open, and every open after a failure (the module may have been reloaded).
/// Without systemd (a minimal VM) that is said once and the agent feeds /dev/qrng regardless.
/// </summary>
public sealed partial class RngdRestarter(SystemdUnits systemd, string unit, ILogger<RngdRestarter> logger)
{
    private volatile string _state = "waiting for the device";

    /// <summary>What happened to the unit last, for the report.</summary>
    public string State => _state;

    /// <summary>Opens through <paramref name="open"/>, then restarts the unit; a failing restart is reported, never fatal.</summary>
    public Func<CancellationToken, Task<IQrngDevice>> After(Func<CancellationToken, Task<IQrngDevice>> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return async cancellationToken =>
        {
            var device = await open(cancellationToken).ConfigureAwait(false);
            await RestartAsync(device.Path, cancellationToken).ConfigureAwait(false);
            return device;
        };
    }

    private async Task RestartAsync(string device, CancellationToken cancellationToken)
    {
        try
        {
            if (!await systemd.TryConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                _state = $"not restarted: no systemd on {systemd.BusAddress}";
                return;
            }
            await systemd.RestartAsync(unit, cancellationToken).ConfigureAwait(false);
            _state = $"{unit} restarted";
            LogRestarted(unit, device);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong on the bus, feeding /dev/qrng goes on.
            _state = $"{unit} not restarted: {e.Message}";
            LogFailed(unit, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "{Unit} restarted: it now reads {Device}")]
    private partial void LogRestarted(string unit, string device);

    [LoggerMessage(LogLevel.Warning, "{Unit} could not be restarted ({Why}); rngd may not read /dev/qrng, the kernel's hwrng thread still does")]
    private partial void LogFailed(string unit, string why);
}
