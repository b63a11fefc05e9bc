namespace QuantumAgents.Core.Systemd;

/// <summary>
/// A start or restart job ended other than <c>done</c>: <see cref="Result"/> is systemd's JobRemoved
/// result (<c>failed</c>, <c>timeout</c>, <c>dependency</c>, <c>canceled</c>, <c>skipped</c>) or the
/// D-Bus error systemd answered the request with.
/// </summary>
public sealed class SystemdJobFailedException(string unit, string operation, string result, Exception? inner = null)
    : SystemdUnitException(unit, $"systemd could not {operation} {unit}: {result}", inner)
{
    public string Operation { get; } = operation;

    public string Result { get; } = result;
}
