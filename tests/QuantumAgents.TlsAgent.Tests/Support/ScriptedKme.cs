using System.Net;
using System.Text;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.TlsAgent.Tests.Support;

/// <summary>
/// An ETSI 014 KME answering from a script, behind the real <see cref="Etsi014Client"/>: it records
/// each dec_keys request and answers with the JSON a KME would send (or fails like a dead one).
/// </summary>
public sealed class ScriptedKme(Func<string, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<string> Requests { get; } = [];

    public Etsi014Client Client() => new(new HttpClient(this) { BaseAddress = new Uri("https://kme-ccs.example:8443/") });

    public static HttpResponseMessage Keys(string keyId, byte[] key) =>
        Json(HttpStatusCode.OK, $$"""{"keys":[{"key_ID":"{{keyId}}","key":"{{Convert.ToBase64String(key)}}"}]}""");

    public static HttpResponseMessage Error(HttpStatusCode status, string message) =>
        Json(status, $$"""{"message":"{{message}}"}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath} {body}");
        }
        await Task.Yield(); // answer later, as a network would
        return answer(body);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
