using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// Sends fuzzed requests to one server and checks each answer: never a 5xx, never silence,
/// and every 4xx a problem-details body with a non-empty <c>detail</c>. Failures are collected
/// with the request that caused them, so one run reports all of them with its seed.
/// </summary>
public sealed class FuzzRun : IDisposable
{
    public const int DefaultSeed = 20261127;

    /// <summary>Far more than any answer takes in-process: only a request that hangs reaches it.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);

    private readonly ProbeScene _scene;
    private readonly HttpClient _client;
    private readonly List<string> _failures = [];

    public FuzzRun(ProbeScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        _scene = scene;
        _client = scene.Server.Client(null);
        _client.Timeout = AnswerTimeout;
        Random = new Random(Seed);
    }

    /// <summary>QA_FUZZ_SEED when set, else a fixed seed: a failure is reproduced by running again with the seed it prints.</summary>
    public static int Seed { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("QA_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    public Random Random { get; }

    public int Sent { get; private set; }

    public int Succeeded { get; private set; }

    public int Refused { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    /// <param name="field">When set, a 400 must name this field (or parameter) at the start of its detail.</param>
    public Task SendAsync(FuzzTarget target, string pathAndQuery, byte[]? body = null, string? contentType = "application/json", string? field = null) =>
        SendAsync(new HttpMethod(target.Method), pathAndQuery, target.Caller, body, contentType, field);

    public async Task SendAsync(
        HttpMethod method, string pathAndQuery, MatrixCaller caller, byte[]? body = null, string? contentType = "application/json", string? field = null)
    {
        using var message = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        if (_scene.HeaderOf(caller) is { } authorization)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        Sent++;
        try
        {
            using var response = await _client.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            var problem = Check((int)response.StatusCode, response.Content.Headers.ContentType, text, field);
            if (problem is not null)
            {
                _failures.Add($"{method} {Shorten(pathAndQuery)} [{contentType}] body {Preview(body)} → {(int)response.StatusCode}: {problem}: {Shorten(text)}");
            }
        }
        catch (TaskCanceledException)
        {
            _failures.Add($"{method} {Shorten(pathAndQuery)} body {Preview(body)} → no answer within {AnswerTimeout.TotalSeconds} s");
        }
    }

    public string Summary(string what) =>
        $"{what}: seed {Seed} (QA_FUZZ_SEED), {Sent} requests, {Succeeded} 2xx, {Refused} 4xx, {_failures.Count} failures";

    /// <summary>Fails with every bad answer and the seed; also fails a run that never got past validation or never refused anything.</summary>
    public void AssertClean(string what)
    {
        var shown = string.Join("\n", _failures.Take(25));
        Assert.True(_failures.Count == 0, $"{Summary(what)}\n{shown}");
        Assert.True(Refused > Sent / 2, $"{Summary(what)}: most inputs should be refused; the fuzzing is not reaching validation");
    }

    public void Dispose() => _client.Dispose();

    private string? Check(int status, MediaTypeHeaderValue? contentType, string text, string? field)
    {
        if (status >= 500)
        {
            return "server error";
        }
        if (status < 400)
        {
            Succeeded++;
            return null;
        }
        Refused++;
        if (contentType?.MediaType != "application/problem+json")
        {
            return $"a {status} that is not problem details ({contentType})";
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("detail", out var detail)
                || detail.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(detail.GetString()))
            {
                return "problem details without a detail";
            }
            return status == 400 && field is not null && !detail.GetString()!.StartsWith(field, StringComparison.Ordinal)
                ? $"a 400 whose detail does not start with the field '{field}'"
                : null;
        }
        catch (JsonException)
        {
            return "problem details that are not JSON";
        }
    }

    private static string Preview(byte[]? body)
    {
        if (body is null)
        {
            return "(none)";
        }
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 160));
        return $"({body.Length} bytes) {JsonSerializer.Serialize(text)}";
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
