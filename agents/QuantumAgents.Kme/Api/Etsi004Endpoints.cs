using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using QuantumAgents.Core.Etsi004;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Security;
using QuantumAgents.Kme.Streams;

namespace QuantumAgents.Kme.Api;

/// <summary>
/// ETSI GS QKD 004 over REST, as the MadQCI paper exposes it: <c>POST /api/open_connect</c>,
/// <c>GET /api/get_key</c>, <c>POST /api/close</c>. Outcomes of the standard travel in
/// <c>status</c> (HTTP 200); malformed or unauthenticated requests are 400/401 as for ETSI 014.
/// </summary>
public static class Etsi004Endpoints
{
    public static void MapEtsi004Endpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/open_connect", OpenConnect);
        app.MapGet("/api/get_key", GetKey);
        app.MapPost("/api/close", Close);
    }

    private static async Task OpenConnect(HttpContext context, StreamService streams, CallerAuthenticator authenticator)
    {
        var caller = RequestCaller.RequireSae(context, authenticator);
        var request = await JsonSerializer.DeserializeAsync(context.Request.Body, Etsi004JsonContext.Default.OpenConnectRequest, context.RequestAborted).ConfigureAwait(false)
            ?? throw EtsiProblemException.BadRequest("an open_connect body is required");
        var response = await streams.OpenAsync(caller, request).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(response, Etsi004JsonContext.Default.OpenConnectResponse).ConfigureAwait(false);
    }

    private static async Task GetKey(HttpContext context, StreamService streams, CallerAuthenticator authenticator)
    {
        var caller = RequestCaller.RequireSae(context, authenticator);
        var id = context.Request.Query["key_stream_id"];
        if (id.Count != 1 || string.IsNullOrEmpty(id[0]))
        {
            throw EtsiProblemException.BadRequest("the query must name one key_stream_id");
        }
        var response = await streams.GetKeyAsync(caller, id[0]!, QueryLong(context, "index"), (int?)QueryLong(context, "metadata_size")).ConfigureAwait(false);
        try
        {
            await context.Response.WriteAsJsonAsync(response, Etsi004JsonContext.Default.GetKeyResponse).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(response.KeyBuffer);
        }
    }

    private static async Task Close(HttpContext context, StreamService streams, CallerAuthenticator authenticator)
    {
        var caller = RequestCaller.RequireSae(context, authenticator);
        var request = await JsonSerializer.DeserializeAsync(context.Request.Body, Etsi004JsonContext.Default.CloseRequest, context.RequestAborted).ConfigureAwait(false)
            ?? throw EtsiProblemException.BadRequest("a close body is required");
        await context.Response.WriteAsJsonAsync(streams.Close(caller, request.KeyStreamId), Etsi004JsonContext.Default.CloseResponse).ConfigureAwait(false);
    }

    private static long? QueryLong(HttpContext context, string name)
    {
        var values = context.Request.Query[name];
        if (values.Count == 0)
        {
            return null;
        }
        return values.Count == 1 && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= int.MaxValue
            ? value
            : throw EtsiProblemException.BadRequest($"{name} must be one non-negative integer");
    }
}
