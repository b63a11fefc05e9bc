using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Commands;

/// <summary>One CHILD_SA of a <c>list-sa</c> event. SPIs are charon's hex strings.</summary>
public sealed record ViciChildSa(
    string Name,
    long UniqueId,
    string State,
    string Protocol,
    string SpiIn,
    string SpiOut,
    long BytesIn,
    long BytesOut,
    long PacketsIn,
    long PacketsOut,
    IReadOnlyList<string> LocalTrafficSelectors,
    IReadOnlyList<string> RemoteTrafficSelectors,
    ViciSection Raw)
{
    /// <summary>Only INSTALLED SAs carry traffic; a rekeyed one lingers briefly as REKEYED/DELETED.</summary>
    public bool IsInstalled => State == "INSTALLED";

    internal static ViciChildSa From(ViciSection child) => new(
        child.GetString("name") ?? "",
        child.GetInt64("uniqueid") ?? 0,
        child.GetString("state") ?? "",
        child.GetString("protocol") ?? "",
        child.GetString("spi-in") ?? "",
        child.GetString("spi-out") ?? "",
        child.GetInt64("bytes-in") ?? 0,
        child.GetInt64("bytes-out") ?? 0,
        child.GetInt64("packets-in") ?? 0,
        child.GetInt64("packets-out") ?? 0,
        child.GetList("local-ts"),
        child.GetList("remote-ts"),
        child);
}
