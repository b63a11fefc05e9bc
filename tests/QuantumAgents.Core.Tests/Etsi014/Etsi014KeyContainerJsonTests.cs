using System.Text;
using System.Text.Json;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Core.Tests.Etsi014;

public class Etsi014KeyContainerJsonTests
{
    // ETSI GS QKD 014 V1.1.1 §6.3, example "Key container".
    private const string SpecExample = """
        {
          "keys": [
            {
              "key_ID": "bc490419-7d60-487f-adc1-4ddcc177c139",
              "key": "wHHVxRwDJs3/bXd38GHP3oe4svTuRpZS0yCC7x4Ly+s="
            },
            {
              "key_ID": "0a782fb5-3434-48fe-aa4d-14f41d46cf92",
              "key": "OeGMPxh1+2RpJpNCYixWHFLYRubpOKCw94FcCI7VdJA="
            }
          ]
        }
        """;

    private static Etsi014KeyContainer Parse(string json) =>
        JsonSerializer.Deserialize(json, Etsi014JsonContext.Default.Etsi014KeyContainer)!;

    [Fact]
    public void Spec_example_key_container_parses_into_the_decoded_key_bytes()
    {
        using var container = Parse(SpecExample);
        Assert.Equal(2, container.Keys.Count);
        Assert.Equal("bc490419-7d60-487f-adc1-4ddcc177c139", container.Keys[0].KeyId);
        Assert.Equal("0a782fb5-3434-48fe-aa4d-14f41d46cf92", container.Keys[1].KeyId);
        Assert.Equal(32, container.Keys[0].Key.Length);
        Assert.True(container.Keys[0].Key.ContentEquals(Convert.FromBase64String("wHHVxRwDJs3/bXd38GHP3oe4svTuRpZS0yCC7x4Ly+s=")));
        Assert.True(container.Keys[1].Key.ContentEquals(Convert.FromBase64String("OeGMPxh1+2RpJpNCYixWHFLYRubpOKCw94FcCI7VdJA=")));
    }

    [Fact]
    public void Key_container_round_trips_key_ids_and_key_bytes()
    {
        byte[] first = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];
        byte[] second = [0xff, 0x00, 0x80];
        string json;
        using (var original = new Etsi014KeyContainer
        {
            Keys =
            [
                new Etsi014Key { KeyId = "k1", Key = SecretBytes.CopyFrom(first) },
                new Etsi014Key { KeyId = "k2", Key = SecretBytes.CopyFrom(second) },
            ],
        })
        {
            json = JsonSerializer.Serialize(original, Etsi014JsonContext.Default.Etsi014KeyContainer);
        }

        var document = JsonDocument.Parse(json).RootElement;
        var keys = document.GetProperty("keys");
        Assert.Equal("k1", keys[0].GetProperty("key_ID").GetString());
        Assert.Equal(Convert.ToBase64String(first), keys[0].GetProperty("key").GetString());
        Assert.False(keys[0].TryGetProperty("key_ID_extension", out _));
        Assert.False(document.TryGetProperty("key_container_extension", out _));

        using var parsed = Parse(json);
        Assert.Equal(["k1", "k2"], parsed.Keys.Select(k => k.KeyId));
        Assert.Equal(first, parsed.Keys[0].Key.AsReadOnlySpan().ToArray());
        Assert.Equal(second, parsed.Keys[1].Key.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void Key_with_json_escapes_in_its_base64_decodes_to_the_same_bytes()
    {
        // Some encoders write '/' as "\/" and '+' as "\u002B".
        using var container = Parse("""{"keys":[{"key_ID":"a","key":"wHHVxRwDJs3\/bXd38GHP3oe4svTuRpZS0yCC7x4Ly\u002Bs="}]}""");
        Assert.True(container.Keys[0].Key.ContentEquals(Convert.FromBase64String("wHHVxRwDJs3/bXd38GHP3oe4svTuRpZS0yCC7x4Ly+s=")));
    }

    [Fact]
    public void Vendor_extra_fields_in_a_key_container_are_tolerated()
    {
        using var container = Parse("""{"keys":[{"key_ID":"a","key":"AAEC","vendor_thing":1}],"vendor":{"x":1}}""");
        Assert.Equal([0, 1, 2], container.Keys[0].Key.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void Extensions_are_kept()
    {
        using var container = Parse("""{"keys":[{"key_ID":"a","key":"AAEC","key_ID_extension":{"n":1},"key_extension":{"m":2}}],"key_container_extension":{"c":3}}""");
        Assert.Equal(1, container.Keys[0].KeyIdExtension!.Value.GetProperty("n").GetInt32());
        Assert.Equal(2, container.Keys[0].KeyExtension!.Value.GetProperty("m").GetInt32());
        Assert.Equal(3, container.KeyContainerExtension!.Value.GetProperty("c").GetInt32());
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAE")]
    [InlineData("AA=A")]
    public void Invalid_base64_key_is_a_JsonException(string key)
    {
        Assert.Throws<JsonException>(() => Parse($$"""{"keys":[{"key_ID":"a","key":"{{key}}"}]}"""));
    }

    [Fact]
    public void Key_that_is_not_a_string_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => Parse("""{"keys":[{"key_ID":"a","key":1234}]}"""));
    }

    [Fact]
    public void Missing_key_ID_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => Parse("""{"keys":[{"key":"AAEC"}]}"""));
    }

    [Fact]
    public void Disposing_the_container_disposes_every_key()
    {
        var container = Parse(SpecExample);
        container.Dispose();
        Assert.All(container.Keys, k => Assert.True(k.Key.IsDisposed));
    }

    [Fact]
    public void Serialized_container_never_contains_the_key_outside_the_key_field()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("secret-material!");
        using var container = new Etsi014KeyContainer { Keys = [new Etsi014Key { KeyId = "id", Key = SecretBytes.CopyFrom(bytes) }] };
        var json = JsonSerializer.Serialize(container, Etsi014JsonContext.Default.Etsi014KeyContainer);
        Assert.DoesNotContain("secret-material", json, StringComparison.Ordinal);
        Assert.Contains(Convert.ToBase64String(bytes), json, StringComparison.Ordinal);
    }
}
