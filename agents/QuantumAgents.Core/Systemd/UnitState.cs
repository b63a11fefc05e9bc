namespace QuantumAgents.Core.Systemd;

/// <summary>A unit's state as systemd reports it (<c>systemctl show -p LoadState,ActiveState,SubState</c>).</summary>
public readonly record struct UnitState(string Unit, string LoadState, string ActiveState, string SubState)
{
    public const string Active = "active";

    /// <summary>ActiveState is <c>active</c>: started (and, for <c>Type=notify</c>, ready).</summary>
    public bool IsActive => ActiveState == Active;

    public override string ToString() => $"{Unit} {ActiveState} ({SubState})";
}
