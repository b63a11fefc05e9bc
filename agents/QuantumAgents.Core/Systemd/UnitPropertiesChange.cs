namespace QuantumAgents.Core.Systemd;

/// <summary>
/// What one PropertiesChanged signal of a unit said about its states: new values, and whether a
/// state was only invalidated (then it has to be read again).
/// </summary>
internal readonly record struct UnitPropertiesChange(string? LoadState, string? ActiveState, string? SubState, bool StateInvalidated)
{
    public UnitState ApplyTo(UnitState current) => current with
    {
        LoadState = LoadState ?? current.LoadState,
        ActiveState = ActiveState ?? current.ActiveState,
        SubState = SubState ?? current.SubState,
    };
}
