using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace QuantumAgents.Core.Net;

/// <summary>HTTPS clients that trust only servers chaining to a pinned CA and naming the host asked for.</summary>
public static class ServerCaPinning
{
    /// <summary>The certificate check for a pinned CA: the system store is not used.</summary>
    public static RemoteCertificateValidationCallback Validator(X509Certificate2Collection roots) =>
        (_, certificate, chain, errors) =>
            certificate is X509Certificate2 server
            && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
            && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0
            && PemCertificates.ChainsTo(server, roots, chain);

    /// <summary>A client without a certificate of its own; with no <paramref name="caPath"/>, the system's roots.</summary>
    public static HttpClient CreateClient(string? caPath, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = timeout, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        if (!string.IsNullOrEmpty(caPath))
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validator(PemCertificates.LoadCollection(caPath)) };
        }
        return new HttpClient(handler, disposeHandler: true) { Timeout = timeout };
    }
}
