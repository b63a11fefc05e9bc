using System.Globalization;
using System.Text.Json;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Kme.Keys;

namespace QuantumAgents.Kme.Api;

/// <summary>
/// Every failure of the SAE interface answers in the spec's error format: 400/401/503 from the
/// key logic, 429 with <c>Retry-After</c> for an SAE over its draw limit, 400 for JSON that does
/// not parse, 413 for an oversized body, and 503 for anything unexpected (logged). Bad input
/// never becomes a 500 or a dropped connection.
/// </summary>
public sealed partial class EtsiErrorMiddleware(RequestDelegate next, ILogger<EtsiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (EtsiProblemException problem)
        {
            if (problem.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }
            await WriteAsync(context, problem.StatusCode, problem.Message).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteAsync(context, 400, $"request body is not valid JSON for this request: {e.Message}").ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(context, e.StatusCode, $"bad request: {e.Message}").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnexpected(e, context.Request.Path);
            await WriteAsync(context, 503, "internal error in the KME; see its log").ConfigureAwait(false);
        }
    }

    public static Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(new Etsi014Error { Message = message }, Etsi014JsonContext.Readable.Etsi014Error);
    }

    [LoggerMessage(LogLevel.Error, "unexpected failure serving {Path}")]
    private partial void LogUnexpected(Exception e, string path);
}
