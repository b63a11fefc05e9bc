using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Net;
using QuantumAgents.Core.Routing;
using QuantumAgents.Kme.Api;
using QuantumAgents.Kme.Forwarding;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Limits;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Routing;
using QuantumAgents.Kme.Security;
using QuantumAgents.Kme.Store;
using QuantumAgents.Kme.Streams;

namespace QuantumAgents.Kme;

/// <summary>Wires the KME into a web host: HTTPS with optional client certificates, the store, the links, the endpoints.</summary>
public static class KmeHost
{
    /// <summary>ETSI 014 bodies are small; anything larger is refused with 413 before it is read.</summary>
    private const long MaxRequestBodyBytes = 64 * 1024;

    public static async Task AddKmeAsync(this WebApplicationBuilder builder, KmeOptions options)
    {
        var serverCertificate = PemCertificates.LoadWithKey(options.Tls.Certificate, options.Tls.Key);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            foreach (var url in options.Listen)
            {
                var uri = new Uri(url);
                var address = uri.Host is "0.0.0.0" or "*" or "+" ? IPAddress.Any : IPAddress.Parse(uri.Host.Trim('[', ']'));
                kestrel.Listen(address, uri.Port, listen => listen.UseHttps(https =>
                {
                    https.ServerCertificate = serverCertificate;
                    // Requested, not required at the TLS layer: a missing or unknown certificate
                    // gets the spec's 401 with a message instead of a failed handshake.
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.AllowAnyClientCertificate();
                }));
            }
        });

        var store = await KmeStore.OpenAsync(options.StateDirectory, flushEveryCommit: options.Durability == "power_loss").ConfigureAwait(false);
        var links = await LinkRegistry.LoadAsync(options, store).ConfigureAwait(false);
        // Registered through factories so that the container disposes them at shutdown: the
        // store's writer finishes its last batch, the links close their channels.
        builder.Services.AddSingleton(_ => store);
        builder.Services.AddSingleton(_ => links);
        var time = TimeProvider.System;
        builder.Services.AddSingleton(time);
        // Built now rather than by a factory: a bad CA file stops the daemon at startup, not at the first request.
        builder.Services.AddSingleton(new CallerAuthenticator(options, time));
        builder.Services.AddSingleton(KmeTopology.From(options));
        builder.Services.AddSingleton<IEntropySource, SimulatedEntropySource>();
        builder.Services.AddSingleton<OwnKeyDraw>();
        builder.Services.AddSingleton<SaeDrawLimits>();
        builder.Services.AddSingleton<ForwardingService>();
        builder.Services.AddSingleton<KeyService>();
        builder.Services.AddSingleton<SlaveKeyService>();
        builder.Services.AddSingleton<StreamService>();
        builder.Services.AddSingleton<BlockReceiver>();
        builder.Services.AddHostedService<LinkProducer>();
        builder.Services.AddHostedService<KeyExpiry>();
        builder.Services.AddHostedService<StreamIdleExpiry>();
        builder.Services.AddHostedService<AuditRetention>();
    }

    public static void MapKme(this WebApplication app)
    {
        app.UseMiddleware<EtsiErrorMiddleware>();
        app.MapGet("/healthz", () => "ok\n");
        app.MapEtsi014Endpoints();
        app.MapEtsi004Endpoints();
        app.MapPeerEndpoints();
    }
}
