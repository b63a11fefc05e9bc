using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Net;

namespace QuantumAgents.Core.ControlPlane;

/// <summary>An agent's side of the agent API: long-poll its work, report its status.</summary>
public sealed class ControlPlaneClient(HttpClient http, string node, AgentKind kind) : IDisposable
{
    /// <summary>How long a long poll may block at the server; the HTTP timeout leaves room beyond it.</summary>
    public const int DefaultWaitSeconds = 30;

    public string Node => node;

    public AgentKind Kind => kind;

    public static ControlPlaneClient Create(ControlPlaneClientOptions options, string node, AgentKind kind)
    {
        ArgumentNullException.ThrowIfNull(options);
        var http = ServerCaPinning.CreateClient(options.Ca.Length > 0 ? options.Ca : null, TimeSpan.FromSeconds(DefaultWaitSeconds + 15));
        http.BaseAddress = new Uri(options.Url.TrimEnd('/') + "/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(options.TokenFile).Trim());
        return new ControlPlaneClient(http, node, kind);
    }

    /// <summary>This agent's whole work: at once when <paramref name="knownRevision"/> is stale, else when it changes or after the wait.</summary>
    public async Task<WorkView> GetWorkAsync(long knownRevision, int waitSeconds, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get,
            $"api/v1/agents/{node}/{kind.Name()}/work?revision={knownRevision}&wait={waitSeconds}", null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, AgentJsonContext.Default.WorkView, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports the agent and every resource it has now (resources left out are released on this side).</summary>
    public async Task<StatusAccepted> ReportAsync(AgentStatusRequest status, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(status, AgentJsonContext.Default.AgentStatusRequest);
        using var response = await SendAsync(HttpMethod.Put, $"api/v1/agents/{node}/{kind.Name()}/status", content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, AgentJsonContext.Default.StatusAccepted, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        // HTTP/2 where the control plane offers it (ALPN): a nudge cuts a long poll short, which on
        // HTTP/1.1 aborts the connection and makes the report right after it pay a new TLS
        // handshake; on HTTP/2 it only resets that stream.
        using var request = new HttpRequestMessage(method, path)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        try
        {
            var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }
            using (response)
            {
                var problem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new ControlPlaneException($"control plane answered {(int)response.StatusCode} to {method} /{path.Split('?')[0]}: {Detail(problem)}")
                {
                    StatusCode = (int)response.StatusCode,
                };
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ControlPlaneException($"control plane unreachable at {http.BaseAddress}: {e.Message}", e);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                   ?? throw new ControlPlaneException("control plane answered null");
        }
        catch (JsonException e)
        {
            throw new ControlPlaneException($"control plane answered something that is not the agent API: {e.Message}", e);
        }
    }

    /// <summary>The problem's <c>detail</c> when the body is problem details, else the body itself (short).</summary>
    private static string Detail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail", out var detail))
            {
                return detail.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
            // not JSON: show it as it is
        }
        return body.Length > 200 ? body[..200] : body;
    }

    public void Dispose() => http.Dispose();
}
