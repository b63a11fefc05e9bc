using System.Net;
using System.Text;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.Tests.Etsi014;

/// <summary>A KME as an in-process handler: every answer scripted, every request recorded.</summary>
internal sealed class ScriptedKme(Func<HttpRequestMessage, string?, HttpResponseMessage> answer) : HttpMessageHandler
{
    public System.Collections.Concurrent.ConcurrentQueue<(HttpMethod Method, Uri Uri, string? Body)> Requests { get; } = new();

    /// <summary>An <see cref="Etsi014Client"/> whose every request this handler answers.</summary>
    public static (Etsi014Client Client, ScriptedKme Handler) Client(Func<HttpRequestMessage, string?, HttpResponseMessage> answer)
    {
        var handler = new ScriptedKme(answer);
        return (new Etsi014Client(new HttpClient(handler) { BaseAddress = new Uri("https://kme-cait.example:8443/") }), handler);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((request.Method, request.RequestUri!, body));
        return answer(request, body);
    }
}
