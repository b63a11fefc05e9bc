using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using QuantumAgents.Core.Net;
using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Security;

/// <summary>
/// Maps a client certificate to an SAE of this node or a peer KME. The certificate must chain to
/// the configured CA; the mapping is configured per SAE and per link. Results are cached by
/// fingerprint, so the chain is built once per certificate, not once per request.
/// </summary>
public sealed class CallerAuthenticator
{
    private const int MaxCached = 4096;

    private readonly X509Certificate2Collection _roots;
    private readonly List<(CertificateMatcher Matcher, Caller Caller)> _known;
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTime ValidUntil)> _cache = new(StringComparer.Ordinal);

    public CallerAuthenticator(KmeOptions options)
    {
        _roots = PemCertificates.LoadCollection(options.Tls.Ca);
        _known =
        [
            .. options.Saes.Where(s => s.Value.Node == options.Node)
                .Select(s => (new CertificateMatcher(s.Value.CertificateSubject, s.Value.CertificateSha256), (Caller)new Caller.Sae(s.Key))),
            .. options.Links.Select(l => (new CertificateMatcher(l.Value.PeerCertificateSubject, l.Value.PeerCertificateSha256), (Caller)new Caller.PeerKme(l.Key))),
        ];
    }

    public Caller Identify(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return new Caller.Unknown("no client certificate presented");
        }
        var fingerprint = CertificateMatcher.Fingerprint(certificate);
        var now = DateTime.UtcNow;
        // A verdict holds until the certificate expires, never longer.
        if (_cache.TryGetValue(fingerprint, out var cached) && now <= cached.ValidUntil)
        {
            return cached.Caller;
        }
        var caller = Resolve(certificate, fingerprint, now);
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }
        _cache[fingerprint] = (caller, certificate.NotAfter.ToUniversalTime());
        return caller;
    }

    private Caller Resolve(X509Certificate2 certificate, string fingerprint, DateTime now)
    {
        // Checked before the chain, which would fail too but blame the CA.
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return new Caller.Unknown($"client certificate '{certificate.Subject}' is not valid now (valid {certificate.NotBefore:u} to {certificate.NotAfter:u})");
        }
        if (!PemCertificates.ChainsTo(certificate, _roots))
        {
            return new Caller.Unknown($"client certificate '{certificate.Subject}' is not issued by the trusted CA");
        }
        foreach (var (matcher, caller) in _known)
        {
            if (matcher.Matches(certificate, fingerprint))
            {
                return caller;
            }
        }
        return new Caller.Unknown($"client certificate '{certificate.Subject}' (sha256 {fingerprint}) is not mapped to any SAE of this KME");
    }
}
