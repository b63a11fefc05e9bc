using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuantumAgents.Kme.Security;

/// <summary>Recognises one party's certificate by its subject or by the SHA-256 of its DER encoding.</summary>
internal sealed class CertificateMatcher
{
    private readonly string? _subject;
    private readonly string? _sha256;

    public CertificateMatcher(string? subject, string? sha256)
    {
        _subject = string.IsNullOrWhiteSpace(subject) ? null : Normalized(new X500DistinguishedName(subject));
        _sha256 = string.IsNullOrWhiteSpace(sha256) ? null : sha256.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
    }

    public bool Matches(X509Certificate2 certificate, string sha256Hex) =>
        (_sha256 is not null && _sha256 == sha256Hex)
        || (_subject is not null && _subject == Normalized(certificate.SubjectName));

    /// <summary>
    /// Decoding the DER form spells every name the same way ("CN=a, O=b"), however the admin
    /// wrote it in the config; <see cref="X500DistinguishedName.Name"/> would keep their spelling.
    /// </summary>
    private static string Normalized(X500DistinguishedName name) => name.Decode(X500DistinguishedNameFlags.None);

    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawDataMemory.Span));
}
