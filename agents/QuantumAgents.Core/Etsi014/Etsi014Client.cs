using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using QuantumAgents.Core.Net;

namespace QuantumAgents.Core.Etsi014;

/// <summary>
/// A typed ETSI GS QKD 014 client for an SAE: it authenticates with its client certificate and
/// trusts only KMEs whose certificate chains to the pinned CA. Every failure is either an
/// <see cref="Etsi014Exception"/> (the KME said no) or a <see cref="KmeUnreachableException"/>.
/// </summary>
public sealed class Etsi014Client : IDisposable
{
    private readonly HttpClient _http;

    public Etsi014Client(Uri kmeUrl, MutualTlsOptions tls)
        : this(MutualTlsHttp.CreateClient(tls, kmeUrl))
    {
    }

    /// <summary>For callers that build their own <see cref="HttpClient"/> (its BaseAddress is the KME).</summary>
    public Etsi014Client(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http.BaseAddress);
        _http = http;
    }

    public Uri KmeUrl => _http.BaseAddress!;

    public Task<Etsi014Status> GetStatusAsync(string slaveSaeId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/keys/{Escape(slaveSaeId)}/status", null, Etsi014JsonContext.Default.Etsi014Status, cancellationToken);

    /// <summary>POST enc_keys: new keys shared with <paramref name="slaveSaeId"/>. Dispose the result.</summary>
    public Task<Etsi014KeyContainer> GetKeysAsync(string slaveSaeId, Etsi014KeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/keys/{Escape(slaveSaeId)}/enc_keys",
            JsonContent.Create(request, Etsi014JsonContext.Default.Etsi014KeyRequest),
            Etsi014JsonContext.Default.Etsi014KeyContainer, cancellationToken);

    /// <summary>POST dec_keys: the keys <paramref name="masterSaeId"/> got under these IDs. Dispose the result.</summary>
    public Task<Etsi014KeyContainer> GetKeysWithIdsAsync(string masterSaeId, IEnumerable<string> keyIds, CancellationToken cancellationToken = default)
    {
        var body = new Etsi014KeyIds { KeyIds = [.. keyIds.Select(id => new Etsi014KeyId { KeyId = id })] };
        return SendAsync(HttpMethod.Post, $"api/v1/keys/{Escape(masterSaeId)}/dec_keys",
            JsonContent.Create(body, Etsi014JsonContext.Default.Etsi014KeyIds),
            Etsi014JsonContext.Default.Etsi014KeyContainer, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new KmeUnreachableException(KmeUrl, e.GetBaseException().Message, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KmeUnreachableException(KmeUrl, $"no answer within {_http.Timeout.TotalSeconds:0.#} s", e);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            }
            try
            {
                var body = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
                return body ?? throw new KmeUnreachableException(KmeUrl, "empty response body");
            }
            catch (JsonException e)
            {
                throw new KmeUnreachableException(KmeUrl, $"response is not ETSI 014 JSON: {e.Message}", e);
            }
        }
    }

    private static async Task<Exception> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var error = JsonSerializer.Deserialize(text, Etsi014JsonContext.Default.Etsi014Error);
            if (error is not null)
            {
                var details = error.Details?.Select(d => d.GetRawText()).ToList() ?? [];
                return new Etsi014Exception(response.StatusCode, error.Message, details);
            }
        }
        catch (JsonException)
        {
            // Not the spec's error shape (a proxy, a misrouted URL): report what came back.
        }
        var snippet = text.Length > 200 ? text[..200] + "…" : text;
        return new Etsi014Exception(response.StatusCode, string.IsNullOrWhiteSpace(snippet) ? response.ReasonPhrase ?? "no message" : snippet, []);
    }

    private static string Escape(string saeId) => Uri.EscapeDataString(saeId);

    public void Dispose() => _http.Dispose();
}
