using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuantumAgents.Core.Net;
using QuantumAgents.Kme.Forwarding;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Peers;

/// <summary>
/// The authenticated KME-to-KME channel of one link: mutual TLS with this KME's certificate,
/// the peer's certificate checked against the CA (and, at the peer, against its link config).
/// </summary>
public sealed class PeerClient : IDisposable
{
    public const string BlocksPath = "api/kme/v1/blocks";
    public const string AssignPath = "api/kme/v1/assign";
    public const string ForwardPath = "api/kme/v1/forward";
    public const string PathPath = "api/kme/v1/path";

    private readonly HttpClient _http;
    private readonly string _peer;

    public PeerClient(string peer, QkdLinkOptions link, ServerTlsOptions tls)
    {
        _peer = peer;
        _http = MutualTlsHttp.CreateClient(new MutualTlsOptions(tls.Certificate, tls.Key, tls.Ca) { Timeout = TimeSpan.FromSeconds(5) },
            new Uri(link.Url.EndsWith('/') ? link.Url : link.Url + "/"));
    }

    public async Task SendBlockAsync(BlockMessage block, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(BlocksPath, JsonContent.Create(block, PeerJsonContext.Default.BlockMessage), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a batch; the result holds, per assignment, null (accepted) or the refusal.</summary>
    public async Task<AssignBatchResult> AssignAsync(AssignBatch batch, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(AssignPath, JsonContent.Create(batch, PeerJsonContext.Default.AssignBatch), cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await response.Content.ReadFromJsonAsync(PeerJsonContext.Default.AssignBatchResult, cancellationToken).ConfigureAwait(false);
            return result is not null && result.Results.Count == batch.Assignments.Count
                ? result
                : throw new PeerUnreachableException(_peer, "assignment answer does not match the batch");
        }
        catch (JsonException e)
        {
            throw new PeerUnreachableException(_peer, $"malformed assignment answer: {e.Message}", e);
        }
    }

    /// <summary>POSTs and returns a successful response (owned by the caller), or throws.</summary>
    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new PeerUnreachableException(_peer, e.GetBaseException().Message, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PeerUnreachableException(_peer, "timed out", e);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable
                && await TryReadRefusalAsync(response, cancellationToken).ConfigureAwait(false) is { } refusal)
            {
                throw Refused(refusal);
            }
            throw new PeerUnreachableException(_peer, $"answered {(int)response.StatusCode}");
        }
    }

    /// <summary>The exception for a refusal the peer sent, with the ranges it says it lacks.</summary>
    public PeerRefusedException Refused(PeerRefusal refusal) =>
        new(_peer, refusal.Message, [.. (refusal.Unavailable ?? []).Where(r => r.Length == 2).Select(r => new KeyRange(r[0], (int)r[1]))], refusal.OutOfKey);

    public async Task ForwardAsync(ForwardMessage message, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(ForwardPath, JsonContent.Create(message, PeerJsonContext.Default.ForwardMessage), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the rest of the path to <paramref name="destination"/> can carry, from this peer on.</summary>
    public async Task<PathCapacity> PathCapacityAsync(string destination, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync($"{PathPath}?destination={Uri.EscapeDataString(destination)}", cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync(PeerJsonContext.Default.PathCapacity, cancellationToken).ConfigureAwait(false)
                ?? throw new PeerUnreachableException(_peer, "empty path answer");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            throw new PeerUnreachableException(_peer, e.GetBaseException().Message, e);
        }
    }

    private static async Task<PeerRefusal?> TryReadRefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(PeerJsonContext.Default.PeerRefusal, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
