namespace QuantumAgents.Vici.Events;

public enum ViciEventKind
{
    /// <summary>An event charon sent.</summary>
    Event,
    /// <summary>
    /// The subscription lost charon and is registered again on a new connection. Events in
    /// between were lost: whoever follows the stream should compare charon's state with its own.
    /// </summary>
    Reconnected,
}
