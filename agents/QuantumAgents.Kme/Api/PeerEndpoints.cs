using System.Text.Json;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Security;
using QuantumAgents.Kme.Sources;

namespace QuantumAgents.Kme.Api;

/// <summary>The KME-to-KME interface: only the KME of an adjacent node, by its certificate, may call it.</summary>
public static partial class PeerEndpoints
{
    public static void MapPeerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + PeerClient.BlocksPath, Blocks);
        app.MapPost("/" + PeerClient.AssignPath, Assign);
    }

    private static Task Blocks(HttpContext context, CallerAuthenticator authenticator, LinkRegistry links, BlockReceiver receiver, ILogger<BlockReceiver> logger) =>
        RespondAsync(context, logger, async () =>
        {
            var link = RequestCaller.RequirePeer(context, authenticator, links);
            var block = await JsonSerializer.DeserializeAsync(context.Request.Body, PeerJsonContext.Default.BlockMessage, context.RequestAborted).ConfigureAwait(false)
                ?? throw new JsonException("empty body");
            await receiver.ReceiveAsync(link, block, context.RequestAborted).ConfigureAwait(false);
        });

    private static Task Assign(HttpContext context, CallerAuthenticator authenticator, LinkRegistry links, KeyService keys, ILogger<BlockReceiver> logger) =>
        RespondAsync(context, logger, async () =>
        {
            var link = RequestCaller.RequirePeer(context, authenticator, links);
            var assignment = await JsonSerializer.DeserializeAsync(context.Request.Body, PeerJsonContext.Default.AssignMessage, context.RequestAborted).ConfigureAwait(false)
                ?? throw new JsonException("empty body");
            await keys.AcceptAssignmentAsync(link, assignment).ConfigureAwait(false);
        });

    private static async Task RespondAsync(HttpContext context, ILogger logger, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        catch (PeerRefusedException e)
        {
            LogRefused(logger, e.Message);
            await WriteRefusalAsync(context, StatusCodes.Status409Conflict, e.Message, e.Unavailable).ConfigureAwait(false);
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
