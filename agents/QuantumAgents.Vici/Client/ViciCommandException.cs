using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

/// <summary>
/// charon ran the command and refused it (<c>success = no</c>). <see cref="ErrorMessage"/> is
/// charon's own <c>errmsg</c>; <see cref="Log"/> holds the control-log lines of an
/// initiate/terminate (where the real reason, e.g. AUTHENTICATION_FAILED, usually is).
/// </summary>
public sealed class ViciCommandException : ViciException
{
    public ViciCommandException()
    {
    }

    public ViciCommandException(string message) : base(message)
    {
    }

    public ViciCommandException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ViciCommandException(string command, string errorMessage, IReadOnlyList<string> log)
        : base(Describe(command, errorMessage, log))
    {
        Command = command;
        ErrorMessage = errorMessage;
        Log = log;
    }

    public string Command { get; } = "";

    public string ErrorMessage { get; } = "";

    public IReadOnlyList<string> Log { get; } = [];

    private static string Describe(string command, string errorMessage, IReadOnlyList<string> log) =>
        log.Count == 0
            ? $"charon refused {command}: {errorMessage}"
            : $"charon refused {command}: {errorMessage} (log: {string.Join(" | ", log.TakeLast(6))})";
}
