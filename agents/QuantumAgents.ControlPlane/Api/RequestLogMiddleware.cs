using System.Diagnostics;
using QuantumAgents.ControlPlane.Auth;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>One line per request: method, path (the resource), status, caller and time. Never a header, never a token.</summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            LogRequest(context.Request.Method, context.Request.Path, context.Response.StatusCode,
                context.CallerOrNull()?.ToString() ?? "anonymous", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(LogLevel.Information, "{Method} {Path} {Status} by {Caller} in {Milliseconds:F1} ms")]
    private partial void LogRequest(string method, string path, int status, string caller, double milliseconds);
}
