using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QuantumAgents.Cli.Config;
using QuantumAgents.Cli.Failures;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Net;

namespace QuantumAgents.Cli.Api;

/// <summary>
/// qactl's calls to qa-controld: bearer token, the pinned CA, and every failure turned into a
/// <see cref="RefusedException"/> (4xx) or an <see cref="UnreachableException"/> whose message
/// says what to check.
/// </summary>
public sealed class ControlPlaneApi : IDisposable
{
    /// <summary>Time for an answer beyond any <c>?wait=</c> the call asks the server for.</summary>
    private static readonly TimeSpan AnswerSlack = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly QactlConfig _config;

    public ControlPlaneApi(QactlConfig config, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = config.Url, Timeout = Timeout.InfiniteTimeSpan };
        if (config.Token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.Token);
        }
    }

    /// <summary>The production handler: TLS pinned to the configured CA (the system roots without one).</summary>
    public static HttpMessageHandler CreateHandler(QactlConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (config.Ca is not null)
        {
            try
            {
                handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ServerCaPinning.Validator(PemCertificates.LoadCollection(config.Ca)) };
            }
            catch (CryptographicException e)
            {
                handler.Dispose();
                throw new ConfigException($"{config.Source}: \"ca\": {e.Message}", e);
            }
        }
        return handler;
    }

    public Task<ApiAnswer> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, TimeSpan.Zero, cancellationToken);

    public Task<ApiAnswer> PostAsync(string path, string json, TimeSpan wait, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, wait, cancellationToken);

    public Task<ApiAnswer> PutAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, json, TimeSpan.Zero, cancellationToken);

    public Task<ApiAnswer> DeleteAsync(string path, TimeSpan wait, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, wait, cancellationToken);

    private async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? json, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var timeout = wait + AnswerSlack;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new UnreachableException(WhyUnreachable(e), e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UnreachableException($"no answer from {_config.Url} within {timeout.TotalSeconds:0} s — is qa-controld overloaded or stuck? (see its log)", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return new ApiAnswer(status, body);
            }
            var text = Encoding.UTF8.GetString(body);
            var detail = Detail(text, response);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new RefusedException(status, $"{_config.Url} refused the token (401): {detail}; set \"token\" or \"token_file\" in {_config.Source}, or {ConfigLoader.TokenVariable}", text);
            }
            if (status is >= 400 and < 500)
            {
                throw new RefusedException(status, $"{method} {path}: {status} {detail}{RetryAfter(response)}", text);
            }
            throw new UnreachableException($"{method} {path}: {status} {detail} (see qa-controld's log)", null, text);
        }
    }

    private string WhyUnreachable(HttpRequestException e)
    {
        var reason = e.GetBaseException().Message;
        reason = reason.Length > 0 ? char.ToLowerInvariant(reason[0]) + reason[1..] : "no reason given";
        return e.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError =>
                $"cannot reach {_config.Url}: TLS failed: {reason} — does its certificate chain to {_config.Ca ?? "the system's CAs"}? (\"ca\" in {_config.Source} or {ConfigLoader.CaVariable})",
            HttpRequestError.NameResolutionError => $"cannot reach {_config.Url}: {reason} — check \"url\" in {_config.Source} or {ConfigLoader.UrlVariable}",
            _ => $"cannot reach {_config.Url}: {reason} — is qa-controld running?",
        };
    }

    /// <summary>The problem's <c>detail</c>, else its title, else the start of whatever came back.</summary>
    private static string Detail(string text, HttpResponseMessage response)
    {
        try
        {
            if (JsonSerializer.Deserialize(text, QactlJsonContext.Default.ProblemView) is { } problem && (problem.Detail ?? problem.Title) is { } said)
            {
                return said;
            }
        }
        catch (JsonException)
        {
            // Not problem details (a proxy, the wrong URL): show what came.
        }
        var snippet = text.Length > 200 ? text[..200] + "…" : text;
        return string.IsNullOrWhiteSpace(snippet) ? response.ReasonPhrase ?? "no reason given" : snippet.Trim();
    }

    private static string RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? string.Create(CultureInfo.InvariantCulture, $" (retry after {delta.TotalSeconds:0} s)") : "";

    public void Dispose() => _http.Dispose();
}
