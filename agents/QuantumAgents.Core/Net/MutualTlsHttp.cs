using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace QuantumAgents.Core.Net;

/// <summary>
/// An <see cref="HttpClient"/> that presents a client certificate and accepts only servers whose
/// certificate chains to the pinned CA and names the host it was asked for.
/// </summary>
public static class MutualTlsHttp
{
    public static HttpClient CreateClient(MutualTlsOptions options, Uri baseAddress)
    {
        var clientCertificate = PemCertificates.LoadWithKey(options.CertificatePath, options.KeyPath);
        var roots = PemCertificates.LoadCollection(options.CaPath);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = 64,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    certificate is X509Certificate2 server
                    && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0
                    && PemCertificates.ChainsTo(server, roots, chain),
            },
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = options.Timeout,
        };
    }
}
