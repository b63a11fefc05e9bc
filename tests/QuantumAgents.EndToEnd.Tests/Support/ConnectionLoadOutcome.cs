namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>What a loop of new connections saw: answers as expected, failed connections, and anything else (which must never happen).</summary>
public sealed class ConnectionLoadOutcome
{
    public int Served { get; set; }
    public int Failed { get; set; }
    public List<string> WrongAnswers { get; } = [];

    public override string ToString() => $"{Served} served, {Failed} failed, {WrongAnswers.Count} wrong";
}
