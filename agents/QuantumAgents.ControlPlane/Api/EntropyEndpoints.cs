using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Entropy;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.Core.Entropy.Health;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>
/// <c>GET /api/v1/entropy?bytes=N&amp;format=base64|hex|raw</c> (the paper's Listing 6: 32 bytes,
/// base64). Every answer says in its headers which source the bytes came from and whether it is quantum.
/// </summary>
public static class EntropyEndpoints
{
    public const int DefaultBytes = 32;

    public static void MapEntropyEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/entropy", ServeAsync).RequireCaller(CallerRole.Tenant).WithTags("Entropy")
            .Produces<EntropyView>().Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithSummary("Random bytes from the entropy source: ?bytes=N (default 32) &format=base64|hex|raw (default base64)");

    private static async Task<IResult> ServeAsync(HttpContext http, ControlState state, EntropyService entropy)
    {
        var count = QueryValues.Number(http.Request, "bytes", DefaultBytes, 1, entropy.Options.MaxBytesPerRequest);
        var format = QueryValues.OneOf(http.Request, "format", "base64", "base64", "hex", "raw");
        var tenant = http.Caller().TenantName;
        if (!entropy.Limiter.TryTake(tenant, count, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Problems.Of(StatusCodes.Status429TooManyRequests, $"bytes: tenant {tenant} is over its entropy rate of {entropy.Options.TenantBytesPerSecond} bytes/s");
        }
        var buffer = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            var bytes = buffer.AsMemory(0, count);
            try
            {
                await entropy.Source.FillAsync(bytes, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is EntropyHealthException or IOException or HttpRequestException)
            {
                // A failing QRNG is out of service: no bytes rather than doubtful ones.
                return Problems.Of(StatusCodes.Status503ServiceUnavailable, $"entropy source unavailable: {e.Message}");
            }
            // Counted (and committed) before the bytes leave: metering never lags what was served.
            await state.AddEntropyUsageAsync(tenant, count).ConfigureAwait(false);
            http.Response.Headers["X-Entropy-Source"] = entropy.Source.Description;
            http.Response.Headers["X-Entropy-Quantum"] = entropy.Source.IsQuantum ? "true" : "false";
            if (format == "raw")
            {
                http.Response.ContentType = "application/octet-stream";
                http.Response.ContentLength = count;
                await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
                return TypedResults.Empty;
            }
            var data = format == "hex" ? Convert.ToHexStringLower(bytes.Span) : Convert.ToBase64String(bytes.Span);
            return TypedResults.Ok(new EntropyView(count, format, data, entropy.Source.Description, entropy.Source.IsQuantum));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, count));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
