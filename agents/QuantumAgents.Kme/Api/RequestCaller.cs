using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Security;

namespace QuantumAgents.Kme.Api;

/// <summary>Who sent this request, from the TLS client certificate of its connection.</summary>
public static class RequestCaller
{
    /// <summary>The calling SAE of this node, or a 401.</summary>
    public static string RequireSae(HttpContext context, CallerAuthenticator authenticator) =>
        authenticator.Identify(context.Connection.ClientCertificate) switch
        {
            Caller.Sae sae => sae.SaeId,
            Caller.PeerKme peer => throw EtsiProblemException.Unauthorized($"the certificate of KME {peer.Node} cannot be used as an SAE"),
            Caller.Unknown unknown => throw EtsiProblemException.Unauthorized(unknown.Reason),
            _ => throw new InvalidOperationException("unhandled caller kind"),
        };

    /// <summary>The link to the calling peer KME, or a refusal.</summary>
    public static QkdLink RequirePeer(HttpContext context, CallerAuthenticator authenticator, LinkRegistry links) =>
        authenticator.Identify(context.Connection.ClientCertificate) switch
        {
            Caller.PeerKme peer => links.ByPeer(peer.Node) ?? throw new PeerRefusedException(peer.Node, "no such link", []),
            Caller.Sae sae => throw new PeerRefusedException(sae.SaeId, "an SAE certificate cannot speak for a KME", []),
            Caller.Unknown unknown => throw new PeerRefusedException("?", unknown.Reason, []),
            _ => throw new InvalidOperationException("unhandled caller kind"),
        };
}
