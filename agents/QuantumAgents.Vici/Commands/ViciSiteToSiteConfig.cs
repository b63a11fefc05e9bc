using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Commands;

/// <summary>
/// A site-to-site IKEv2 connection with one CHILD_SA, as <c>load-conn</c> wants it (the
/// swanctl.conf keys). Authentication is PSK on both ends; with <see cref="PpkId"/> an RFC 8784
/// PPK is mixed in on top. List-typed keys are sent as lists: charon rejects them otherwise.
/// </summary>
public sealed record ViciSiteToSiteConfig
{
    public required string Name { get; init; }
    public required string LocalAddress { get; init; }
    public required string RemoteAddress { get; init; }
    public required string LocalId { get; init; }
    public required string RemoteId { get; init; }
    public required IReadOnlyList<string> LocalTrafficSelectors { get; init; }
    public required IReadOnlyList<string> RemoteTrafficSelectors { get; init; }
    public string ChildName { get; init; } = "net";
    public IReadOnlyList<string> Proposals { get; init; } = ["aes256gcm16-prfsha256-x25519"];
    public IReadOnlyList<string> EspProposals { get; init; } = ["aes256gcm16"];
    /// <summary>The PPK's id (the owner given to load-shared type PPK); null for PSK only.</summary>
    public string? PpkId { get; init; }
    public bool PpkRequired { get; init; } = true;
    /// <summary>IKE_SA rekey interval in seconds (swanctl <c>rekey_time</c>); null keeps charon's default.</summary>
    public long? RekeySeconds { get; init; }
    /// <summary>IKE_SA re-authentication interval (<c>reauth_time</c>); null keeps charon's default (off).</summary>
    public long? ReauthSeconds { get; init; }
    public string StartAction { get; init; } = "none";
    public string DpdAction { get; init; } = "clear";
    public long DpdDelaySeconds { get; init; }

    /// <summary>The <c>load-conn</c> request: one section named after the connection.</summary>
    public ViciSection ToRequest()
    {
        var connection = new ViciSection()
            .Add("version", "2")
            .AddList("local_addrs", LocalAddress)
            .AddList("remote_addrs", RemoteAddress)
            .AddList("proposals", Proposals)
            .Add("dpd_delay", DpdDelaySeconds);
        if (RekeySeconds is { } rekey)
        {
            connection.Add("rekey_time", rekey);
        }
        if (ReauthSeconds is { } reauth)
        {
            connection.Add("reauth_time", reauth);
        }
        if (PpkId is not null)
        {
            connection.Add("ppk_id", PpkId).Add("ppk_required", PpkRequired);
        }
        connection
            .AddSection("local", new ViciSection().Add("auth", "psk").Add("id", LocalId))
            .AddSection("remote", new ViciSection().Add("auth", "psk").Add("id", RemoteId))
            .AddSection("children", new ViciSection().AddSection(ChildName, new ViciSection()
                .AddList("local_ts", LocalTrafficSelectors)
                .AddList("remote_ts", RemoteTrafficSelectors)
                .AddList("esp_proposals", EspProposals)
                .Add("start_action", StartAction)
                .Add("dpd_action", DpdAction)));
        return new ViciSection().AddSection(Name, connection);
    }
}
