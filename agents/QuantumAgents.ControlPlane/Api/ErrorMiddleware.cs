using System.Text.Json;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>
/// Turns every failure into problem details: refusals with their status, a body the server
/// cannot read into 400/413, a database failure into 503. Bad input never becomes a 500.
/// </summary>
public sealed partial class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (RequestRefusedException e)
        {
            if (e.RetryAfterSeconds is { } seconds && !context.Response.HasStarted)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await WriteAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(context, e.StatusCode, $"bad request: {e.Message}").ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteAsync(context, 400, $"body: not valid JSON: {e.Message}").ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            LogStoreFailure(e);
            await WriteAsync(context, 503, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nothing to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnexpected(e, context.Request.Method, context.Request.Path);
            await WriteAsync(context, 500, "internal error in the control plane; see its log").ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string detail)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }
        // Headers an endpoint set for this answer (Retry-After, WWW-Authenticate) stay; a half-written body cannot exist here.
        context.Response.StatusCode = status;
        return Problems.Of(status, detail).ExecuteAsync(context);
    }

    [LoggerMessage(LogLevel.Critical, "database write failed; stopping")]
    private partial void LogStoreFailure(Exception e);

    [LoggerMessage(LogLevel.Error, "unexpected failure serving {Method} {Path}")]
    private partial void LogUnexpected(Exception e, string method, string path);
}
