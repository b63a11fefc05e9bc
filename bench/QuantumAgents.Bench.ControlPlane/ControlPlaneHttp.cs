using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using QuantumAgents.Core.Net;

namespace QuantumAgents.Bench.ControlPlane;

/// <summary>
/// Clients of the control plane under test: HTTP/1.1 (what curl and the agents speak), trusting
/// only the bench's own certificate, one fresh connection pool per client.
/// </summary>
public static class ControlPlaneHttp
{
    public static HttpClient CreateClient(Uri baseAddress, string certificatePath, string? bearerToken)
    {
        var roots = PemCertificates.LoadCollection(certificatePath);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            // Open loop, a stall leaves hundreds of requests due at once; past this many connections they
            // queue here (still timed from when they were due) instead of each starting a TLS handshake,
            // which on two cores would turn one stall into a storm of the load generator's own making.
            MaxConnectionsPerServer = 256,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    certificate is X509Certificate2 server
                    && (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
                    && PemCertificates.ChainsTo(server, roots, chain),
            },
        };
        var http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (bearerToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        return http;
    }
}
