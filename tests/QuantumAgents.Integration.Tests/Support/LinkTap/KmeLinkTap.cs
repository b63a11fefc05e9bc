using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using QuantumAgents.Core.Net;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// A man in the middle of one direction of a KME-to-KME link, with the keys of both KMEs: it
/// shows the callee's certificate to the caller, calls the callee with the caller's, records
/// every request in clear (the harvest-now-decrypt-later attacker's view of the channel), and
/// refuses or loses the requests its policy picks.
/// </summary>
public sealed class KmeLinkTap : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _callee;
    private readonly ConcurrentQueue<TappedMessage> _messages = new();

    private KmeLinkTap(WebApplication app, HttpClient callee, string url)
    {
        _app = app;
        _callee = callee;
        Url = url;
    }

    /// <summary>Where the caller's KME must be pointed (its <c>links.PEER.url</c>).</summary>
    public string Url { get; }

    /// <summary>The status recorded for a request the tap itself failed on: a bug in the test, never the KMEs'.</summary>
    public const int Broke = -1;

    public IReadOnlyList<TappedMessage> Messages => [.. _messages];

    /// <param name="policy">Decides, per request (path, body), what the tap does to it.</param>
    public static async Task<KmeLinkTap> StartAsync(Testbed testbed, string caller, string callee, int port, string calleeUrl, Func<string, string, TapFault> policy)
    {
        var link = string.CompareOrdinal(caller, callee) < 0 ? $"{caller}-{callee}" : $"{callee}-{caller}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var serverCertificate = PemCertificates.LoadWithKey(testbed.Pki($"kme-{callee}.pem"), testbed.Pki($"kme-{callee}.key"));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            }));
        });
        var http = MutualTlsHttp.CreateClient(
            new MutualTlsOptions(testbed.Pki($"kme-{caller}.pem"), testbed.Pki($"kme-{caller}.key"), testbed.Ca) { Timeout = TimeSpan.FromSeconds(10) },
            new Uri(calleeUrl.TrimEnd('/') + "/"));
        var app = builder.Build();
        var tap = new KmeLinkTap(app, http, $"https://127.0.0.1:{port}");
        app.Run(async context =>
        {
            try
            {
                await tap.RelayAsync(context, link, caller, policy);
            }
            catch (Exception e)
            {
                tap._messages.Enqueue(new TappedMessage(link, caller, context.Request.Path, "", TapFault.None, Broke, e.ToString()));
                throw;
            }
        });
        await app.StartAsync();
        return tap;
    }

    private async Task RelayAsync(HttpContext context, string link, string caller, Func<string, string, TapFault> policy)
    {
        var path = context.Request.Path + context.Request.QueryString;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var fault = context.Request.Method == "POST" ? policy(context.Request.Path, body) : TapFault.None;
        if (fault == TapFault.Refuse)
        {
            _messages.Enqueue(new TappedMessage(link, caller, path, body, fault, StatusCodes.Status409Conflict));
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsJsonAsync(new { message = "refused by the test's tap" }, context.RequestAborted);
            return;
        }
        if (fault == TapFault.LoseRequest)
        {
            _messages.Enqueue(new TappedMessage(link, caller, path, body, fault, StatusCodes.Status504GatewayTimeout));
            context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            return;
        }
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path.TrimStart('/'));
        if (context.Request.Method == "POST")
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await _callee.SendAsync(request, context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // The callee is down (a KME being restarted): the caller sees what a dead peer looks like.
            _messages.Enqueue(new TappedMessage(link, caller, path, body, fault, 0, e.ToString()));
            context.Abort();
            return;
        }
        using (response)
        {
            var answer = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            _messages.Enqueue(new TappedMessage(link, caller, path, body, fault, (int)response.StatusCode));
            if (fault == TapFault.LoseReply)
            {
                context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
                return;
            }
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }
            if (answer.Length > 0)
            {
                await context.Response.Body.WriteAsync(answer, context.RequestAborted);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _callee.Dispose();
    }
}
