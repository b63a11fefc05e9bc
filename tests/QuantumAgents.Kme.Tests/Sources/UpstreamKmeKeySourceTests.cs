using System.Net;
using System.Text.Json;
using QuantumAgents.Core.Tests.Etsi014;
using QuantumAgents.Kme.Sources;

namespace QuantumAgents.Kme.Tests.Sources;

/// <summary>The source against a vendor KME scripted in process: no network.</summary>
public sealed class UpstreamKmeKeySourceTests
{
    private const string UpstreamUrl = "https://kme-cait.example:8443/";

    [Theory]
    [InlineData(0, 4, "key_size 0")]
    [InlineData(4, 4, "key_size 4")]
    [InlineData(12, 4, "key_size 12")]
    [InlineData(65544, 4, "key_size 65544")]
    [InlineData(256, 0, "max_key_per_request 0")]
    public async Task A_status_no_key_request_can_be_sized_from_is_refused_naming_the_field_and_its_value(int keySize, int maxKeyPerRequest, string fieldAndValue)
    {
        var (source, _) = Upstream(Status(keySize, maxKeyPerRequest));
        using (source)
        {
            var error = await Assert.ThrowsAsync<KeySourceException>(() => source.ProduceAsync(0, 100, CancellationToken.None));
            Assert.Contains($"upstream KME {UpstreamUrl}: status {fieldAndValue} ", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(100, 4, 3)] // three whole 32-byte keys fit in 100 bytes
    [InlineData(100, 2, 2)] // but a request may hold only two
    [InlineData(10, 4, 1)] // less than a key still gets one
    public async Task A_good_status_gives_a_block_of_whole_upstream_keys_named_by_their_IDs(int bytes, int maxKeyPerRequest, int keys)
    {
        var (source, kme) = Upstream(Status(256, maxKeyPerRequest));
        using (source)
        {
            var block = await source.ProduceAsync(4096, bytes, CancellationToken.None);
            using var material = block.Material;
            var expected = Enumerable.Range(0, keys).SelectMany(i => Enumerable.Repeat((byte)i, 32)).ToArray();
            Assert.Equal(expected, material.AsReadOnlySpan().ToArray());
            Assert.Equal(4096, block.Message.Offset);
            Assert.Equal(expected.Length, block.Message.Length);
            Assert.Equal(Enumerable.Range(0, keys).Select(i => $"upstream-{i}"), block.Message.UpstreamKeyIds!);
        }
        var encKeys = Assert.Single(kme.Requests, r => r.Uri.AbsolutePath.EndsWith("/enc_keys", StringComparison.Ordinal));
        Assert.Equal("/api/v1/keys/kme-ccs/enc_keys", encKeys.Uri.AbsolutePath);
        Assert.Equal($$"""{"number":{{keys}},"size":256}""", encKeys.Body);
    }

    [Fact]
    public async Task A_refused_status_is_not_kept_so_a_fixed_upstream_is_picked_up_on_the_next_call()
    {
        var (source, kme) = Upstream(Status(4, 4), Status(256, 4));
        using (source)
        {
            await Assert.ThrowsAsync<KeySourceException>(() => source.ProduceAsync(0, 64, CancellationToken.None));
            using var first = (await source.ProduceAsync(0, 64, CancellationToken.None)).Material;
            using var second = (await source.ProduceAsync(64, 64, CancellationToken.None)).Material;
            Assert.Equal(64, first.Length);
            Assert.Equal(64, second.Length);
        }
        // Asked again after the refusal, then kept: a good status is not fetched per block.
        Assert.Equal(2, kme.Requests.Count(r => r.Uri.AbsolutePath.EndsWith("/status", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A vendor KME that reports <paramref name="statuses"/> in turn (the last from then on) and
    /// serves enc_keys as asked: key i is all bytes i, named "upstream-i".
    /// </summary>
    private static (UpstreamKmeKeySource Source, ScriptedKme Kme) Upstream(params string[] statuses)
    {
        var statusesServed = 0;
        var (client, kme) = ScriptedKme.Client((request, body) => request.RequestUri!.AbsolutePath switch
        {
            var path when path.EndsWith("/status", StringComparison.Ordinal) =>
                ScriptedKme.Json(HttpStatusCode.OK, statuses[Math.Min(statusesServed++, statuses.Length - 1)]),
            var path when path.EndsWith("/enc_keys", StringComparison.Ordinal) => ScriptedKme.Json(HttpStatusCode.OK, Keys(body!)),
            _ => ScriptedKme.Json(HttpStatusCode.NotFound, """{"message":"not scripted"}"""),
        });
        return (new UpstreamKmeKeySource(client, "kme-ccs"), kme);
    }

    private static string Status(int keySize, int maxKeyPerRequest) => $$"""
        {"source_KME_ID":"vendor-cait","target_KME_ID":"vendor-ccs","master_SAE_ID":"kme-cait","slave_SAE_ID":"kme-ccs",
         "key_size":{{keySize}},"stored_key_count":1000,"max_key_count":10000,"max_key_per_request":{{maxKeyPerRequest}},
         "max_key_size":65536,"min_key_size":8,"max_SAE_ID_count":0}
        """;

    private static string Keys(string keyRequest)
    {
        using var request = JsonDocument.Parse(keyRequest);
        var number = request.RootElement.GetProperty("number").GetInt32();
        var bytes = request.RootElement.GetProperty("size").GetInt32() / 8;
        var keys = Enumerable.Range(0, number)
            .Select(i => $$"""{"key_ID":"upstream-{{i}}","key":"{{Convert.ToBase64String(Enumerable.Repeat((byte)i, bytes).ToArray())}}"}""");
        return $$"""{"keys":[{{string.Join(",", keys)}}]}""";
    }
}
