using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace QuantumAgents.Bench.ControlPlane;

/// <summary>
/// <c>POST</c> and <c>DELETE</c> of tunnels cait–rectorado, one request per call: a call deletes a
/// tunnel an earlier call created if there is one, else creates one. So the requests alternate,
/// every one writes the database, and only a handful of tunnels are alive at any time.
/// </summary>
public sealed class TunnelChurnWorkload : IWorkload
{
    private const string Path = "api/v1/ipsec/tunnels";

    private readonly ConcurrentQueue<string> _live = new();
    private int _posts;

    public string Name => "POST+DELETE tunnels";

    public int Live => _live.Count;

    public Task SendAsync(HttpClient http, CancellationToken ct) =>
        _live.TryDequeue(out var id) ? DeleteAsync(http, id, ct) : CreateAsync(http, ct);

    /// <summary>Deletes what the last run left alive, outside any measurement.</summary>
    public async Task DeleteLiveAsync(HttpClient http, CancellationToken ct)
    {
        while (_live.TryDequeue(out var id))
        {
            await DeleteAsync(http, id, ct).ConfigureAwait(false);
        }
    }

    private async Task CreateAsync(HttpClient http, CancellationToken ct)
    {
        // A fresh /32 on each side: a tunnel whose traffic overlaps a live one's on the same pair gets 409.
        var n = Interlocked.Increment(ref _posts);
        var body = string.Create(CultureInfo.InvariantCulture,
            $$"""{"a":"cait","b":"rectorado","a_subnets":["198.19.{{(n >> 8) & 0x7f}}.{{n & 0xff}}/32"],"b_subnets":["198.19.{{128 + ((n >> 8) & 0x7f)}}.{{n & 0xff}}/32"]}""");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(Path, content, ct).ConfigureAwait(false);
        await UnexpectedAnswerException.ThrowUnlessAsync(response, HttpStatusCode.Created, $"POST {Path}", ct).ConfigureAwait(false);
        using var created = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), cancellationToken: ct)
            .ConfigureAwait(false);
        _live.Enqueue(created.RootElement.GetProperty("id").GetString()
            ?? throw new UnexpectedAnswerException($"POST {Path}", response.StatusCode, "no id"));
    }

    private static async Task DeleteAsync(HttpClient http, string id, CancellationToken ct)
    {
        // 204: no agent ever reported the tunnel, so it is gone at once (202 would mean it waits for agents).
        using var response = await http.DeleteAsync($"{Path}/{id}", ct).ConfigureAwait(false);
        await UnexpectedAnswerException.ThrowUnlessAsync(response, HttpStatusCode.NoContent, $"DELETE {Path}/{{id}}", ct).ConfigureAwait(false);
    }
}
