using System.Net;
using System.Security.Cryptography;
using System.Text;
using QuantumAgents.Core.Entropy;

namespace QuantumAgents.Core.Tests.Entropy;

public sealed class RestEntropySourceTests
{
    private readonly byte[] _pool = RandomNumberGenerator.GetBytes(4096);
    private readonly List<Uri> _asked = [];

    /// <summary>An appliance that serves <see cref="_pool"/> from the start, in the given format.</summary>
    private HttpClient Appliance(Func<byte[], HttpContent> format, bool? quantumHeader = null, HttpStatusCode status = HttpStatusCode.OK) =>
        new(new Responder(request =>
        {
            _asked.Add(request.RequestUri!);
            var count = int.Parse(System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["n"]!, System.Globalization.CultureInfo.InvariantCulture);
            var response = new HttpResponseMessage(status) { Content = format(_pool[..count]) };
            if (quantumHeader is { } q)
            {
                response.Headers.Add("X-Entropy-Quantum", q ? "true" : "false");
            }
            return response;
        }));

    private static RestEntropySource Source(HttpClient http, RestEntropyFormat format, int max = 1000) =>
        new(http, "https://qrng.example/random?n={bytes}", format, "data", max, isQuantum: true, "REST https://qrng.example/random");

    [Theory]
    [InlineData(RestEntropyFormat.Raw)]
    [InlineData(RestEntropyFormat.Base64)]
    [InlineData(RestEntropyFormat.Json)]
    public async Task Each_answer_format_yields_the_appliances_bytes(RestEntropyFormat format)
    {
        Func<byte[], HttpContent> encode = format switch
        {
            RestEntropyFormat.Raw => b => new ByteArrayContent(b),
            RestEntropyFormat.Base64 => b => new StringContent(Convert.ToBase64String(b) + "\n"),
            _ => b => new StringContent($$"""{"quantum": true, "data": "{{Convert.ToBase64String(b)}}"}""", Encoding.UTF8, "application/json"),
        };
        var destination = new byte[700];

        await Source(Appliance(encode), format).FillAsync(destination, CancellationToken.None);

        Assert.Equal(_pool[..700], destination);
    }

    [Fact]
    public async Task A_large_fill_is_split_into_requests_of_at_most_the_configured_size()
    {
        var destination = new byte[2500];

        await Source(Appliance(b => new ByteArrayContent(b)), RestEntropyFormat.Raw, max: 1000).FillAsync(destination, CancellationToken.None);

        Assert.Equal(["n=1000", "n=1000", "n=500"], _asked.Select(u => u.Query.TrimStart('?')));
    }

    [Fact]
    public async Task An_upstream_that_says_it_is_not_quantum_makes_the_source_say_so()
    {
        var source = Source(Appliance(b => new ByteArrayContent(b), quantumHeader: false), RestEntropyFormat.Raw);
        Assert.True(source.IsQuantum);

        await source.FillAsync(new byte[10], CancellationToken.None);

        Assert.False(source.IsQuantum);
        Assert.Contains("upstream not quantum", source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_short_answers_and_missing_fields_are_io_errors_naming_the_source()
    {
        var refused = Source(Appliance(b => new ByteArrayContent(b), status: HttpStatusCode.TooManyRequests), RestEntropyFormat.Raw);
        var shortAnswer = Source(Appliance(b => new ByteArrayContent(b[..^1])), RestEntropyFormat.Raw);
        var noField = Source(Appliance(_ => new StringContent("""{"bytes": 5}""")), RestEntropyFormat.Json);

        Assert.Contains("HTTP 429", (await Assert.ThrowsAsync<IOException>(async () => await refused.FillAsync(new byte[8], default))).Message, StringComparison.Ordinal);
        Assert.Contains("asked for 8 bytes, got 7", (await Assert.ThrowsAsync<IOException>(async () => await shortAnswer.FillAsync(new byte[8], default))).Message, StringComparison.Ordinal);
        Assert.Contains("no base64 string field \"data\"", (await Assert.ThrowsAsync<IOException>(async () => await noField.FillAsync(new byte[8], default))).Message, StringComparison.Ordinal);
    }

    private sealed class Responder(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }
}
