using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Security;

namespace QuantumAgents.Kme.Tests.Security;

public sealed class CallerAuthenticatorTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly TestPki _otherPki = new("CN=Someone Else's CA");
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _pinnedSae;
    private readonly CallerAuthenticator _authenticator;

    public CallerAuthenticatorTests()
    {
        _pinnedSae = _pki.Issue("CN=sae-cait-pinned");
        _authenticator = new CallerAuthenticator(new KmeOptions
        {
            Node = "cait",
            Tls = new ServerTlsOptions { Ca = _pki.CaPath },
            Saes = new()
            {
                ["sae-cait"] = new SaeOptions { Node = "cait", CertificateSubject = "CN=sae-cait, O=Quantum Agents" },
                ["sae-cait-pinned"] = new SaeOptions { Node = "cait", CertificateSha256 = TestPki.Sha256(_pinnedSae) },
                ["sae-ccs"] = new SaeOptions { Node = "ccs", CertificateSubject = "CN=sae-ccs" },
            },
            Links = new()
            {
                ["ccs"] = new QkdLinkOptions { Url = "https://ccs:8443", PeerCertificateSubject = "CN=kme-ccs" },
            },
        }, _clock);
    }

    public void Dispose()
    {
        _pinnedSae.Dispose();
        _pki.Dispose();
        _otherPki.Dispose();
    }

    [Fact]
    public void Sae_certificate_matched_by_subject_is_that_sae()
    {
        using var certificate = _pki.Issue("CN=sae-cait, O=Quantum Agents");
        Assert.Equal(new Caller.Sae("sae-cait"), _authenticator.Identify(certificate));
    }

    [Fact]
    public void Sae_certificate_matched_by_sha256_is_that_sae()
    {
        Assert.Equal(new Caller.Sae("sae-cait-pinned"), _authenticator.Identify(_pinnedSae));
    }

    [Fact]
    public void Peer_kme_certificate_is_that_peer()
    {
        using var certificate = _pki.Issue("CN=kme-ccs");
        Assert.Equal(new Caller.PeerKme("ccs"), _authenticator.Identify(certificate));
    }

    [Fact]
    public void Sae_of_another_node_cannot_call_this_kme()
    {
        using var certificate = _pki.Issue("CN=sae-ccs");
        Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
    }

    [Fact]
    public void Certificate_from_another_ca_is_unknown_and_the_reason_mentions_the_ca()
    {
        using var certificate = _otherPki.Issue("CN=sae-cait, O=Quantum Agents");
        var unknown = Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
        Assert.Contains("CA", unknown.Reason, StringComparison.Ordinal);
        Assert.Contains("sae-cait", unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_signed_lookalike_of_the_ca_is_not_trusted()
    {
        using var impostorPki = new TestPki("CN=Quantum Agents Test CA");
        using var certificate = impostorPki.Issue("CN=kme-ccs");
        Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
    }

    [Fact]
    public void No_certificate_is_unknown()
    {
        var unknown = Assert.IsType<Caller.Unknown>(_authenticator.Identify(null));
        Assert.Contains("no client certificate", unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unmapped_certificate_from_the_ca_is_unknown_and_the_reason_gives_its_fingerprint()
    {
        using var certificate = _pki.Issue("CN=stranger");
        var unknown = Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
        Assert.Contains(TestPki.Sha256(certificate), unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_certificate_is_identified_the_same_way_twice()
    {
        using var certificate = _pki.Issue("CN=kme-ccs");
        Assert.Equal(_authenticator.Identify(certificate), _authenticator.Identify(certificate));
    }

    [Fact]
    public void Expired_certificate_from_the_ca_is_unknown()
    {
        using var certificate = _pki.Issue("CN=sae-cait, O=Quantum Agents", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
    }

    [Fact]
    public void Not_yet_valid_certificate_from_the_ca_is_unknown()
    {
        using var certificate = _pki.Issue("CN=sae-cait, O=Quantum Agents", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(10));
        Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
    }

    [Fact]
    public void Expired_certificate_is_reported_as_expired_not_as_foreign()
    {
        using var certificate = _pki.Issue("CN=sae-cait, O=Quantum Agents", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        var unknown = Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
        Assert.Contains("not valid now", unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cached_identification_expires_with_the_certificate()
    {
        var now = _clock.GetUtcNow();
        using var certificate = _pki.Issue("CN=sae-cait, O=Quantum Agents", now.AddHours(-1), now.AddHours(1));
        Assert.Equal(new Caller.Sae("sae-cait"), _authenticator.Identify(certificate));
        Assert.True(_authenticator.IsCached(certificate));
        _clock.Advance(TimeSpan.FromHours(2));
        var unknown = Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
        Assert.Contains("not valid now", unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_seen_before_its_NotBefore_is_accepted_once_the_clock_reaches_it()
    {
        var now = _clock.GetUtcNow();
        using var certificate = _pki.Issue("CN=sae-cait, O=Quantum Agents", now.AddMinutes(1), now.AddDays(1));
        Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new Caller.Sae("sae-cait"), _authenticator.Identify(certificate));
    }

    [Fact]
    public void A_refusal_is_not_cached()
    {
        using var certificate = _otherPki.Issue("CN=sae-cait, O=Quantum Agents");
        Assert.IsType<Caller.Unknown>(_authenticator.Identify(certificate));
        Assert.False(_authenticator.IsCached(certificate));
        Assert.Equal(0, _authenticator.CachedCount);
    }

    [Fact]
    public void Refused_junk_certificates_do_not_flush_a_cached_identification()
    {
        Assert.Equal(new Caller.Sae("sae-cait-pinned"), _authenticator.Identify(_pinnedSae));
        // As many as the cache holds: had refusals been cached, the last would have cleared it.
        for (var i = 0; i < CallerAuthenticator.MaxCached; i++)
        {
            using var junk = _otherPki.Issue($"CN=junk-{i}");
            Assert.IsType<Caller.Unknown>(_authenticator.Identify(junk));
        }
        Assert.True(_authenticator.IsCached(_pinnedSae));
        Assert.Equal(1, _authenticator.CachedCount);
    }

    [Fact]
    public void Ca_file_without_a_certificate_is_refused_at_construction()
    {
        var empty = Path.Combine(_pki.Directory, "empty.pem");
        File.WriteAllText(empty, "");
        var error = Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => new CallerAuthenticator(new KmeOptions { Tls = new ServerTlsOptions { Ca = empty } }, TimeProvider.System));
        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
    }
}
