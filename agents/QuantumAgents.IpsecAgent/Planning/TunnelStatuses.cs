using System.Text.Json;
using QuantumAgents.Contracts;
using QuantumAgents.Vici.Commands;

namespace QuantumAgents.IpsecAgent.Planning;

/// <summary>What the agent reports for each tunnel of its work, from what it holds and charon's SAs.</summary>
public static class TunnelStatuses
{
    /// <param name="sas">Our established IKE_SAs, by tunnel id.</param>
    /// <param name="charon">What charon has loaded of ours; null when it does not matter (everything counts as loaded).</param>
    public static IReadOnlyList<ResourceStatusRequest> Of(
        IReadOnlyList<TunnelWork> desired, IReadOnlyDictionary<string, HeldTunnel> held, IReadOnlyDictionary<string, ViciIkeSa> sas,
        CharonSnapshot? charon = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(sas);
        return [.. desired.OrderBy(w => w.Id, StringComparer.Ordinal).Select(work =>
            Of(work, held.GetValueOrDefault(work.Id), sas.GetValueOrDefault(work.Id), charon?.IsLoaded(work.Id) ?? true))];
    }

    /// <summary>A tunnel the agent refuses to load (<see cref="Boundaries.TunnelBoundaries"/>): failed, with why.</summary>
    public static ResourceStatusRequest Refused(string tunnelId, string reason) => new() { Id = tunnelId, State = ResourceState.Failed, Reason = reason };

    private static ResourceStatusRequest Of(TunnelWork work, HeldTunnel? mine, ViciIkeSa? sa, bool loaded)
    {
        var status = new ResourceStatusRequest
        {
            Id = work.Id,
            // The initiator hands its fresh key_ID over; the responder reports the one it holds,
            // which tells the initiator that re-authenticating with that key can succeed.
            KeyId = mine?.KeyId,
        };
        if (sa is not null)
        {
            status.State = ResourceState.Established;
            status.Details = Details(sa);
        }
        else if (mine?.Phase == TunnelPhase.Failed)
        {
            status.State = ResourceState.Failed;
            status.Reason = mine.Reason;
        }
        else if (work.Role == TunnelRoles.Responder && mine is not null && !loaded)
        {
            // Its key was consumed with dec_keys and charon lost it: only a fresh key from the initiator helps.
            status.State = ResourceState.Pending;
            status.Reason = "charon lost the key; waiting for a fresh key_ID from the initiator";
        }
        else if (work.Role == TunnelRoles.Responder && mine is null)
        {
            status.State = ResourceState.Pending;
            status.Reason = work.KeyId is null ? "waiting for the initiator's key_ID" : "fetching the key";
        }
        else
        {
            status.State = ResourceState.Keying;
            status.Reason = work.Role == TunnelRoles.Responder ? "key loaded; waiting for the initiator" : "key loaded; initiating";
        }
        return status;
    }

    /// <summary>SPIs and counters of the installed CHILD_SA (a rekeyed one lingers briefly: skipped).</summary>
    internal static JsonElement Details(ViciIkeSa sa)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ike_initiator_spi", sa.InitiatorSpi);
            json.WriteString("ike_responder_spi", sa.ResponderSpi);
            json.WriteString("local_host", sa.LocalHost);
            json.WriteString("remote_host", sa.RemoteHost);
            if (sa.Children.FirstOrDefault(c => c.IsInstalled) is { } child)
            {
                json.WriteString("spi_in", child.SpiIn);
                json.WriteString("spi_out", child.SpiOut);
                json.WriteNumber("bytes_in", child.BytesIn);
                json.WriteNumber("bytes_out", child.BytesOut);
                json.WriteNumber("packets_in", child.PacketsIn);
                json.WriteNumber("packets_out", child.PacketsOut);
                json.WriteStartArray("local_ts");
                foreach (var ts in child.LocalTrafficSelectors)
                {
                    json.WriteStringValue(ts);
                }
                json.WriteEndArray();
                json.WriteStartArray("remote_ts");
                foreach (var ts in child.RemoteTrafficSelectors)
                {
                    json.WriteStringValue(ts);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
