using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace QuantumAgents.Core.Entropy;

/// <summary>
/// Entropy as a service over HTTP(S): a QRNG appliance's REST API, or the control plane's
/// <c>GET /api/v1/entropy</c> (the VM case). <c>{bytes}</c> in the URL is replaced by the count
/// asked for; a request never asks for more than <c>maxBytesPerRequest</c>. An answer whose
/// <c>X-Entropy-Quantum</c> header says <c>false</c> makes the source report itself as not
/// quantum: configuration can only claim less than the upstream says, never more.
/// </summary>
public sealed class RestEntropySource(
    HttpClient http, string urlTemplate, RestEntropyFormat format, string? jsonField, int maxBytesPerRequest, bool isQuantum, string description)
    : IEntropySource
{
    private volatile bool _upstreamSaysQuantum = true;

    public string Description => IsQuantum || !isQuantum ? description : description + " (upstream not quantum)";

    public bool IsQuantum => isQuantum && _upstreamSaysQuantum;

    public async ValueTask FillAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var count = Math.Min(maxBytesPerRequest, destination.Length - filled);
            filled += await FetchAsync(destination.Slice(filled, count), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int> FetchAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var url = urlTemplate.Replace("{bytes}", destination.Length.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(format == RestEntropyFormat.Raw ? "application/octet-stream" : "application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"{Description}: HTTP {(int)response.StatusCode} from {new Uri(url).GetLeftPart(UriPartial.Path)}");
        }
        if (response.Headers.TryGetValues("X-Entropy-Quantum", out var quantum))
        {
            _upstreamSaysQuantum = !quantum.Contains("false", StringComparer.OrdinalIgnoreCase);
        }
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return format switch
            {
                RestEntropyFormat.Raw => CopyExactly(body, destination.Span),
                RestEntropyFormat.Base64 => DecodeExactly(body, destination.Span),
                _ => DecodeJsonField(body, destination.Span),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    private int CopyExactly(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        if (bytes.Length < destination.Length)
        {
            throw new IOException($"{Description}: asked for {destination.Length} bytes, got {bytes.Length}");
        }
        bytes[..destination.Length].CopyTo(destination);
        return destination.Length;
    }

    private int DecodeExactly(ReadOnlySpan<byte> base64, Span<byte> destination)
    {
        var decoded = ArrayPool<byte>.Shared.Rent(System.Buffers.Text.Base64.GetMaxDecodedFromUtf8Length(base64.Length));
        try
        {
            var status = System.Buffers.Text.Base64.DecodeFromUtf8(base64.Trim("\r\n \""u8), decoded, out _, out var written);
            if (status != OperationStatus.Done)
            {
                throw new IOException($"{Description}: the answer is not base64");
            }
            return CopyExactly(decoded.AsSpan(0, written), destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decoded);
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    private int DecodeJsonField(byte[] json, Span<byte> destination)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(jsonField))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
                    {
                        break;
                    }
                    return DecodeExactly(reader.ValueSpan, destination);
                }
            }
        }
        catch (JsonException e)
        {
            throw new IOException($"{Description}: the answer is not JSON: {e.Message}", e);
        }
        throw new IOException($"{Description}: the answer has no base64 string field \"{jsonField}\"");
    }
}
