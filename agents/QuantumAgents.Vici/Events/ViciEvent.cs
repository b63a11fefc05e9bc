using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Events;

/// <summary>One item of a subscription: an event from charon, or the notice that the subscription reconnected.</summary>
public sealed record ViciEvent(ViciEventKind Kind, string Name, ViciSection Message)
{
    /// <summary>A new notice each time (its message is an empty, mutable section).</summary>
    public static ViciEvent Reconnected() => new(ViciEventKind.Reconnected, "", new ViciSection());

    /// <summary>For the updown events: the SA came up (false: it went down).</summary>
    public bool IsUp => Message.GetBool("up");

    /// <summary>The connection (IKE config) names the event is about.</summary>
    public IEnumerable<string> ConnectionNames => Message.Sections.Select(s => s.Name);

    public override string ToString() => Kind == ViciEventKind.Reconnected ? "(reconnected)" : $"{Name} {Message}";
}
