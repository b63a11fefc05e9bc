namespace QuantumAgents.Core.Tests.Systemd;

/// <summary>One unit as <see cref="FakeSystemd"/> keeps it.</summary>
public sealed class FakeUnit(string name, string path, string loadState, string activeState, string subState)
{
    public string Name { get; } = name;
    public string Path { get; } = path;
    public string LoadState { get; set; } = loadState;
    public string ActiveState { get; set; } = activeState;
    public string SubState { get; set; } = subState;

    /// <summary>The JobRemoved result the next start/restart job of this unit ends with.</summary>
    public string NextJobResult { get; set; } = "done";
}
