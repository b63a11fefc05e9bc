using QuantumAgents.Kme.Security;

namespace QuantumAgents.Kme.Tests.Security;

public sealed class CertificateMatcherTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void Fingerprint_is_the_lower_case_sha256_of_the_der_certificate()
    {
        using var certificate = _pki.Issue("CN=sae-cait");
        Assert.Equal(TestPki.Sha256(certificate), CertificateMatcher.Fingerprint(certificate));
    }

    [Fact]
    public void Matches_by_subject()
    {
        using var certificate = _pki.Issue("CN=sae-cait, O=Quantum Agents");
        Assert.True(new CertificateMatcher("CN=sae-cait, O=Quantum Agents", null).Matches(certificate, CertificateMatcher.Fingerprint(certificate)));
    }

    [Fact]
    public void Subject_spelling_differences_in_spacing_still_match()
    {
        using var certificate = _pki.Issue("CN=sae-cait, O=Quantum Agents");
        Assert.True(new CertificateMatcher("CN=sae-cait,O=Quantum Agents", null).Matches(certificate, CertificateMatcher.Fingerprint(certificate)));
    }

    [Fact]
    public void Different_subject_does_not_match()
    {
        using var certificate = _pki.Issue("CN=sae-cait-2");
        Assert.False(new CertificateMatcher("CN=sae-cait", null).Matches(certificate, CertificateMatcher.Fingerprint(certificate)));
    }

    [Fact]
    public void Matches_by_sha256_in_upper_case_with_colons()
    {
        using var certificate = _pki.Issue("CN=anything");
        var configured = string.Join(':', Convert.FromHexString(TestPki.Sha256(certificate)).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(new CertificateMatcher(null, configured).Matches(certificate, CertificateMatcher.Fingerprint(certificate)));
    }

    [Fact]
    public void Sha256_of_another_certificate_does_not_match_even_with_the_same_subject()
    {
        using var configured = _pki.Issue("CN=sae-cait");
        using var presented = _pki.Issue("CN=sae-cait");
        var matcher = new CertificateMatcher(null, TestPki.Sha256(configured));
        Assert.False(matcher.Matches(presented, CertificateMatcher.Fingerprint(presented)));
    }

    [Fact]
    public void Matcher_with_nothing_configured_matches_nothing()
    {
        using var certificate = _pki.Issue("CN=sae-cait");
        Assert.False(new CertificateMatcher(" ", "").Matches(certificate, CertificateMatcher.Fingerprint(certificate)));
    }
}
