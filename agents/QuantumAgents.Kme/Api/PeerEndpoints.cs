using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using QuantumAgents.Kme.Forwarding;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Security;
using QuantumAgents.Kme.Sources;

namespace QuantumAgents.Kme.Api;

/// <summary>The KME-to-KME interface: only the KME of an adjacent node, by its certificate, may call it.</summary>
public static partial class PeerEndpoints
{
    private const long MaxBlockBodyBytes = 2 * 1024 * 1024;
    private const long MaxAssignBodyBytes = 8 * 1024 * 1024;

    public static void MapPeerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + PeerClient.BlocksPath, Blocks);
        app.MapPost("/" + PeerClient.AssignPath, Assign);
        app.MapPost("/" + PeerClient.ForwardPath, Forward);
        app.MapGet("/" + PeerClient.PathPath, Path);
    }

    private static Task Forward(HttpContext context, CallerAuthenticator authenticator, LinkRegistry links, ForwardingService forwarding, ILogger<BlockReceiver> logger) =>
        RespondAsync(context, logger, async () =>
        {
            var link = RequestCaller.RequirePeer(context, authenticator, links);
            var message = await JsonSerializer.DeserializeAsync(context.Request.Body, PeerJsonContext.Default.ForwardMessage, context.RequestAborted).ConfigureAwait(false)
                ?? throw new JsonException("empty body");
            await forwarding.ReceiveAsync(link, message).ConfigureAwait(false);
        });

    private static Task Path(HttpContext context, string destination, CallerAuthenticator authenticator, LinkRegistry links, ForwardingService forwarding, ILogger<BlockReceiver> logger) =>
        RespondAsync(context, logger, async () =>
        {
            RequestCaller.RequirePeer(context, authenticator, links);
            var capacity = await forwarding.PathCapacityAsync(destination).ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(capacity, PeerJsonContext.Default.PathCapacity).ConfigureAwait(false);
        });

    private static Task Blocks(HttpContext context, CallerAuthenticator authenticator, LinkRegistry links, BlockReceiver receiver, ILogger<BlockReceiver> logger) =>
        RespondAsync(context, logger, async () =>
        {
            var link = RequestCaller.RequirePeer(context, authenticator, links);
            // A block is up to 1 MiB of key material, base64 in JSON: more than the SAE
            // interface's limit, so the limit is raised for an authenticated peer only.
            context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = MaxBlockBodyBytes;
            var block = await JsonSerializer.DeserializeAsync(context.Request.Body, PeerJsonContext.Default.BlockMessage, context.RequestAborted).ConfigureAwait(false)
                ?? throw new JsonException("empty body");
            await receiver.ReceiveAsync(link, block, context.RequestAborted).ConfigureAwait(false);
        });

    private static Task Assign(HttpContext context, CallerAuthenticator authenticator, LinkRegistry links, SlaveKeyService keys, ILogger<BlockReceiver> logger) =>
        RespondAsync(context, logger, async () =>
        {
            var link = RequestCaller.RequirePeer(context, authenticator, links);
            context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = MaxAssignBodyBytes;
            var batch = await JsonSerializer.DeserializeAsync(context.Request.Body, PeerJsonContext.Default.AssignBatch, context.RequestAborted).ConfigureAwait(false)
                ?? throw new JsonException("empty body");
            var result = await keys.AcceptAsync(link, batch).ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(result, PeerJsonContext.Default.AssignBatchResult).ConfigureAwait(false);
        });

    private static async Task RespondAsync(HttpContext context, ILogger logger, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            }
        }
        catch (PeerRefusedException e) when (e.OutOfKey)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new PeerRefusal { Message = e.Reason, OutOfKey = true }, PeerJsonContext.Default.PeerRefusal).ConfigureAwait(false);
        }
        catch (PeerRefusedException e)
        {
            LogRefused(logger, e.Message);
            await WriteRefusalAsync(context, StatusCodes.Status409Conflict, e.Reason, e.Unavailable).ConfigureAwait(false);
        }
        catch (PeerUnreachableException e)
        {
            await WriteRefusalAsync(context, StatusCodes.Status502BadGateway, e.Message, []).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteRefusalAsync(context, StatusCodes.Status400BadRequest, $"malformed message: {e.Message}", []).ConfigureAwait(false);
        }
        catch (KeySourceException e)
        {
            LogRefused(logger, e.Message);
            await WriteRefusalAsync(context, StatusCodes.Status503ServiceUnavailable, e.Message, []).ConfigureAwait(false);
        }
    }

    private static Task WriteRefusalAsync(HttpContext context, int status, string message, IReadOnlyList<Pool.KeyRange> unavailable)
    {
        context.Response.StatusCode = status;
        var refusal = new PeerRefusal { Message = message, Unavailable = [.. unavailable.Select(r => new[] { r.Start, r.Length })] };
        return context.Response.WriteAsJsonAsync(refusal, PeerJsonContext.Default.PeerRefusal);
    }

    [LoggerMessage(LogLevel.Warning, "refused a peer KME message: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
