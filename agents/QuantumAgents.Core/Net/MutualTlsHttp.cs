using System.Net.Security;

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
                RemoteCertificateValidationCallback = ServerCaPinning.Validator(roots),
            },
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = options.Timeout,
        };
    }
}
