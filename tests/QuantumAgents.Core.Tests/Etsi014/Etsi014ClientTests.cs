using System.Net;
using System.Text;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.Tests.Etsi014;

/// <summary>The client against <see cref="ScriptedKme"/>: no network, every answer scripted.</summary>
public sealed class Etsi014ClientTests
{
    private static HttpResponseMessage Json(HttpStatusCode status, string json) => ScriptedKme.Json(status, json);

    private static (Etsi014Client Client, ScriptedKme Handler) Client(Func<HttpRequestMessage, string?, HttpResponseMessage> answer) =>
        ScriptedKme.Client(answer);

    [Fact]
    public async Task Enc_keys_posts_the_request_to_the_slave_path_and_returns_the_keys()
    {
        var (client, handler) = Client((_, _) => Json(HttpStatusCode.OK, """{"keys":[{"key_ID":"k1","key":"AAECAw=="}]}"""));
        using (client)
        {
            using var keys = await client.GetKeysAsync("sae ccs", new Etsi014KeyRequest { Number = 1, Size = 32 });
            Assert.Equal([0, 1, 2, 3], keys.Keys[0].Key.AsReadOnlySpan().ToArray());
        }
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/v1/keys/sae%20ccs/enc_keys", request.Uri.AbsolutePath);
        Assert.Equal("""{"number":1,"size":32}""", request.Body);
    }

    [Fact]
    public async Task Dec_keys_posts_the_key_IDs_to_the_master_path()
    {
        var (client, handler) = Client((_, _) => Json(HttpStatusCode.OK, """{"keys":[{"key_ID":"k1","key":"AAEC"}]}"""));
        using (client)
        {
            using var keys = await client.GetKeysWithIdsAsync("sae-cait", ["k1"]);
            Assert.Equal("k1", keys.Keys[0].KeyId);
        }
        var request = Assert.Single(handler.Requests);
        Assert.Equal("/api/v1/keys/sae-cait/dec_keys", request.Uri.AbsolutePath);
        Assert.Equal("""{"key_IDs":[{"key_ID":"k1"}]}""", request.Body);
    }

    [Fact]
    public async Task Status_is_a_get_on_the_status_path()
    {
        var (client, handler) = Client((_, _) => Json(HttpStatusCode.OK, """
            {"source_KME_ID":"a","target_KME_ID":"b","master_SAE_ID":"c","slave_SAE_ID":"d","key_size":256,"stored_key_count":1,
             "max_key_count":2,"max_key_per_request":3,"max_key_size":4,"min_key_size":5,"max_SAE_ID_count":6}
            """));
        using (client)
        {
            Assert.Equal(256, (await client.GetStatusAsync("sae-ccs")).KeySize);
        }
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/api/v1/keys/sae-ccs/status", request.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Etsi_error_answer_becomes_an_Etsi014Exception_with_message_and_details()
    {
        var (client, _) = Client((_, _) => Json(HttpStatusCode.BadRequest, """{"message":"size too big","details":[{"max":1024}]}"""));
        using (client)
        {
            var error = await Assert.ThrowsAsync<Etsi014Exception>(() => client.GetKeysAsync("sae-ccs", new Etsi014KeyRequest()));
            Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
            Assert.Equal("size too big", error.KmeMessage);
            Assert.Equal(["""{"max":1024}"""], error.Details);
            Assert.Contains("400", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Non_etsi_error_answer_is_reported_with_its_body()
    {
        var (client, _) = Client((_, _) => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>proxy down</html>") });
        using (client)
        {
            var error = await Assert.ThrowsAsync<Etsi014Exception>(() => client.GetStatusAsync("sae-ccs"));
            Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
            Assert.Contains("proxy down", error.KmeMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Success_answer_that_is_not_etsi_json_is_KmeUnreachable()
    {
        var (client, _) = Client((_, _) => Json(HttpStatusCode.OK, """{"keys":[{"key_ID":"k1","key":"***"}]}"""));
        using (client)
        {
            var error = await Assert.ThrowsAsync<KmeUnreachableException>(() => client.GetKeysAsync("sae-ccs", new Etsi014KeyRequest()));
            Assert.Equal(new Uri("https://kme-cait.example:8443/"), error.Kme);
        }
    }

    [Fact]
    public async Task Connection_failure_is_KmeUnreachable_naming_the_kme()
    {
        var (client, _) = Client((_, _) => throw new HttpRequestException("connection refused"));
        using (client)
        {
            var error = await Assert.ThrowsAsync<KmeUnreachableException>(() => client.GetStatusAsync("sae-ccs"));
            Assert.Contains("kme-cait.example", error.Message, StringComparison.Ordinal);
            Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Client_needs_a_base_address()
    {
        using var http = new HttpClient();
        Assert.Throws<ArgumentNullException>(() => new Etsi014Client(http));
    }
}
