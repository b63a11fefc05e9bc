using System.Net;

namespace QuantumAgents.Bench.ControlPlane;

/// <summary>A GET that must answer 200; the body is read to the end, as a real client would.</summary>
public sealed class GetWorkload(string name, string path) : IWorkload
{
    public string Name => name;

    public async Task SendAsync(HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        await UnexpectedAnswerException.ThrowUnlessAsync(response, HttpStatusCode.OK, $"GET {path}", ct).ConfigureAwait(false);
    }
}
