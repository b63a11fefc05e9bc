using System.Text.Json;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.Tests.Etsi014;

public class Etsi014KeyIdsJsonTests
{
    private static Etsi014KeyIds Parse(string json) =>
        JsonSerializer.Deserialize(json, Etsi014JsonContext.Default.Etsi014KeyIds)!;

    [Fact]
    public void Spec_example_key_IDs_parse()
    {
        // ETSI GS QKD 014 V1.1.1 §6.4, example "Key IDs".
        var ids = Parse("""
            {
              "key_IDs": [
                {"key_ID": "bc490419-7d60-487f-adc1-4ddcc177c139"},
                {"key_ID": "0a782fb5-3434-48fe-aa4d-14f41d46cf92"}
              ]
            }
            """);
        Assert.Equal(["bc490419-7d60-487f-adc1-4ddcc177c139", "0a782fb5-3434-48fe-aa4d-14f41d46cf92"], ids.KeyIds.Select(k => k.KeyId));
        Assert.Null(ids.KeyIdsExtension);
    }

    [Fact]
    public void Key_IDs_serialize_with_spec_names()
    {
        var json = JsonSerializer.Serialize(new Etsi014KeyIds { KeyIds = [new Etsi014KeyId { KeyId = "a" }] }, Etsi014JsonContext.Default.Etsi014KeyIds);
        Assert.Equal("""{"key_IDs":[{"key_ID":"a"}]}""", json);
    }

    [Fact]
    public void Unknown_member_in_key_IDs_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => Parse("""{"key_IDs":[],"keyIDs":[]}"""));
    }

    [Fact]
    public void Missing_key_IDs_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => Parse("{}"));
    }
}
