using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using QuantumAgents.Core.Net;
using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Security;

/// <summary>
/// Maps a client certificate to an SAE of this node or a peer KME. The certificate must chain to
/// the configured CA; the mapping is configured per SAE and per link. Identifications are cached
/// by fingerprint, so the chain is built once per good certificate, not once per request.
/// </summary>
public sealed class CallerAuthenticator
{
    internal const int MaxCached = 4096;

    private readonly TimeProvider _time;
    private readonly X509Certificate2Collection _roots;
    private readonly List<(CertificateMatcher Matcher, Caller Caller)> _known;
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTime ValidUntil)> _cache = new(StringComparer.Ordinal);

    public CallerAuthenticator(KmeOptions options, TimeProvider time)
    {
        _time = time;
        _roots = PemCertificates.LoadCollection(options.Tls.Ca);
        _known =
        [
            .. options.Saes.Where(s => s.Value.Node == options.Node)
                .Select(s => (new CertificateMatcher(s.Value.CertificateSubject, s.Value.CertificateSha256), (Caller)new Caller.Sae(s.Key))),
            .. options.Links.Select(l => (new CertificateMatcher(l.Value.PeerCertificateSubject, l.Value.PeerCertificateSha256), (Caller)new Caller.PeerKme(l.Key))),
        ];
    }

    /// <summary>How many identifications are cached; for tests of what the cache keeps.</summary>
    internal int CachedCount => _cache.Count;

    /// <summary>Whether this certificate's identification is cached; for tests of what the cache keeps.</summary>
    internal bool IsCached(X509Certificate2 certificate) => _cache.ContainsKey(CertificateMatcher.Fingerprint(certificate));

    public Caller Identify(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return new Caller.Unknown("no client certificate presented");
        }
        var fingerprint = CertificateMatcher.Fingerprint(certificate);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(fingerprint, out var cached))
        {
            // An identification holds until the certificate expires, never longer.
            if (now.UtcDateTime <= cached.ValidUntil)
            {
                return cached.Caller;
            }
            _cache.TryRemove(KeyValuePair.Create(fingerprint, cached));
        }
        var caller = Resolve(certificate, fingerprint, now);
        // A refusal is never cached: it may not last (a certificate seen just before its
        // NotBefore), and anyone can present endless distinct refused certificates, which
        // would fill the cache and flush the identifications it exists for.
        if (caller is not Caller.Unknown)
        {
            if (_cache.Count >= MaxCached)
            {
                _cache.Clear();
            }
            _cache[fingerprint] = (caller, certificate.NotAfter.ToUniversalTime());
        }
        return caller;
    }

    private Caller Resolve(X509Certificate2 certificate, string fingerprint, DateTimeOffset now)
    {
        // Checked before the chain, which would fail too but blame the CA.
        if (now.UtcDateTime < certificate.NotBefore.ToUniversalTime() || now.UtcDateTime > certificate.NotAfter.ToUniversalTime())
        {
            return new Caller.Unknown($"client certificate '{certificate.Subject}' is not valid now (valid {certificate.NotBefore:u} to {certificate.NotAfter:u})");
        }
        if (!PemCertificates.ChainsTo(certificate, _roots, at: now))
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
