using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Commands;

/// <summary>One IKE_SA of a <c>list-sa</c> event, with its CHILD_SAs.</summary>
public sealed record ViciIkeSa(
    string Name,
    long UniqueId,
    string State,
    string LocalHost,
    string RemoteHost,
    string LocalId,
    string RemoteId,
    string InitiatorSpi,
    string ResponderSpi,
    IReadOnlyList<ViciChildSa> Children,
    ViciSection Raw)
{
    public bool IsEstablished => State == "ESTABLISHED";

    /// <summary>A list-sa event holds one section per IKE_SA, keyed by the connection name.</summary>
    internal static IEnumerable<ViciIkeSa> FromEvent(ViciSection listSaEvent) =>
        listSaEvent.Sections.Select(entry => From(entry.Name, entry.Section!));

    internal static ViciIkeSa From(string name, ViciSection ike) => new(
        name,
        ike.GetInt64("uniqueid") ?? 0,
        ike.GetString("state") ?? "",
        ike.GetString("local-host") ?? "",
        ike.GetString("remote-host") ?? "",
        ike.GetString("local-id") ?? "",
        ike.GetString("remote-id") ?? "",
        ike.GetString("initiator-spi") ?? "",
        ike.GetString("responder-spi") ?? "",
        [.. (ike.GetSection("child-sas")?.Sections ?? []).Select(child => ViciChildSa.From(child.Section!))],
        ike);
}
