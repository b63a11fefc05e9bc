using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.QrngAgent.Feeding;

/// <summary>
/// The feeder's counters and state, read by the reporter while the feeder writes them. A change of
/// state (not every byte) nudges <paramref name="trigger"/>: a reason to report at once.
/// </summary>
public sealed class FeederStatus(IReconcileTrigger trigger)
{
    private readonly Lock _lock = new();
    private FeederState _state = FeederState.Starting;
    private string? _lastFailure;
    private long _bytesFed;
    private long _fillLevel = -1;
    private long _sourceFailures;
    private long _deviceFailures;

    public FeederSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new FeederSnapshot(_state, _lastFailure, _bytesFed, _fillLevel, _sourceFailures, _deviceFailures);
        }
    }

    public void Fed(int bytes, long fillLevel)
    {
        lock (_lock)
        {
            _bytesFed += bytes;
            _fillLevel = fillLevel;
        }
        Enter(FeederState.Feeding, null);
    }

    public void SourceFailed(string why)
    {
        lock (_lock)
        {
            _sourceFailures++;
        }
        Enter(FeederState.SourceOutOfService, why);
    }

    public void DeviceFailed(string why)
    {
        lock (_lock)
        {
            _deviceFailures++;
        }
        Enter(FeederState.DeviceUnavailable, why);
    }

    private void Enter(FeederState state, string? failure)
    {
        bool changed;
        lock (_lock)
        {
            changed = _state != state || _lastFailure != failure;
            _state = state;
            _lastFailure = failure ?? (state == FeederState.Feeding ? null : _lastFailure);
        }
        if (changed)
        {
            trigger.Nudge();
        }
    }
}
