using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Options;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// The control plane on Kestrel at 127.0.0.1 on a free port, wired exactly as the daemon is:
/// for what only the real server does (the request body limit), which the test server skips.
/// </summary>
public sealed class KestrelControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _stateDirectory;

    private KestrelControlPlane(WebApplication app, string stateDirectory, Uri address, ConcurrentQueue<(string, string)> requests)
    {
        _app = app;
        _stateDirectory = stateDirectory;
        Address = address;
        Requests = requests;
    }

    public Uri Address { get; }

    /// <summary>With <c>https</c>: the self-signed certificate the server presents, as a CA file for clients to pin.</summary>
    public string CaPath => Path.Combine(_stateDirectory, "server.pem");

    /// <summary>Every request served: its protocol ("HTTP/1.1", "HTTP/2") and its connection's id.</summary>
    public ConcurrentQueue<(string Protocol, string Connection)> Requests { get; }

    public static async Task<KestrelControlPlane> StartAsync(bool https = false)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("qa-controld-kestrel-").FullName;
        var options = new ControlPlaneOptions
        {
            Listen = [https ? "https://127.0.0.1:0" : "http://127.0.0.1:0"],
            Tls = https ? SelfSignedTls(stateDirectory) : new ControlTlsOptions(),
            StateDirectory = stateDirectory,
            Durability = "process_crash",
            AdminTokenSha256 = Tokens.Hash(ControlPlaneServer.AdminToken),
            Nodes = new Dictionary<string, ControlNodeOptions>
            {
                ["cait"] = new() { Address = "198.18.12.1", Links = ["ccs"], TokenSha256 = Tokens.Hash(ControlPlaneServer.NodeToken("cait")) },
                ["ccs"] = new() { Address = "198.18.12.2", Links = ["cait"], TokenSha256 = Tokens.Hash(ControlPlaneServer.NodeToken("ccs")) },
            },
        };
        Assert.Empty(options.Validate());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddControlPlane(options);
        builder.UseControlPlaneListeners(options);
        var app = builder.Build();
        var requests = new ConcurrentQueue<(string, string)>();
        app.Use((context, next) =>
        {
            requests.Enqueue((context.Request.Protocol, context.Connection.Id));
            return next(context);
        });
        app.MapControlPlane();
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new KestrelControlPlane(app, options.StateDirectory, new Uri(bound), requests);
    }

    /// <summary>A self-signed certificate for 127.0.0.1 (its own CA) in <paramref name="directory"/>.</summary>
    private static ControlTlsOptions SelfSignedTls(string directory)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var tls = new ControlTlsOptions { Certificate = Path.Combine(directory, "server.pem"), Key = Path.Combine(directory, "server.key") };
        File.WriteAllText(tls.Certificate, certificate.ExportCertificatePem());
        File.WriteAllText(tls.Key, key.ExportPkcs8PrivateKeyPem());
        return tls;
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_stateDirectory, recursive: true);
    }
}
