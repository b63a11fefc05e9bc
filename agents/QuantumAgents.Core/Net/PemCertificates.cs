using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuantumAgents.Core.Net;

/// <summary>Loading PEM files with errors that name the file.</summary>
public static class PemCertificates
{
    public static X509Certificate2 LoadWithKey(string certificatePath, string keyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CryptographicException($"cannot load certificate {certificatePath} with key {keyPath}: {e.Message}", e);
        }
    }

    public static X509Certificate2Collection LoadCollection(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CryptographicException($"cannot load CA certificates from {path}: {e.Message}", e);
        }
        if (collection.Count == 0)
        {
            throw new CryptographicException($"{path} holds no certificate");
        }
        return collection;
    }

    /// <summary>
    /// Chain validation against <paramref name="roots"/> only (CA pinning). Revocation is not
    /// checked: the testbed PKI has no CRL or OCSP responder. <paramref name="at"/> is the
    /// caller's clock (when it has its own), so that the chain and the caller agree on "now".
    /// </summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots, X509Chain? presented = null, DateTimeOffset? at = null)
    {
        using var chain = new X509Chain();
        if (at is { } time)
        {
            chain.ChainPolicy.VerificationTime = time.LocalDateTime;
        }
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return chain.Build(certificate);
    }
}
