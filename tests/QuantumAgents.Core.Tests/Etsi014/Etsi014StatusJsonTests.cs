using System.Text.Json;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.Tests.Etsi014;

public class Etsi014StatusJsonTests
{
    private static Etsi014Status Sample(JsonElement? extension = null) => new()
    {
        SourceKmeId = "kme-cait",
        TargetKmeId = "kme-ccs",
        MasterSaeId = "sae-cait",
        SlaveSaeId = "sae-ccs",
        KeySize = 256,
        StoredKeyCount = 25000,
        MaxKeyCount = 100000,
        MaxKeyPerRequest = 128,
        MaxKeySize = 1024,
        MinKeySize = 64,
        MaxSaeIdCount = 0,
        StatusExtension = extension,
    };

    private static JsonElement Serialize(Etsi014Status status) =>
        JsonDocument.Parse(JsonSerializer.Serialize(status, Etsi014JsonContext.Default.Etsi014Status)).RootElement;

    [Fact]
    public void Status_uses_exactly_the_spec_field_names()
    {
        var json = Serialize(Sample());
        string[] expected =
        [
            "source_KME_ID", "target_KME_ID", "master_SAE_ID", "slave_SAE_ID", "key_size", "stored_key_count",
            "max_key_count", "max_key_per_request", "max_key_size", "min_key_size", "max_SAE_ID_count",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Status_values_are_written_with_their_json_types()
    {
        var json = Serialize(Sample());
        Assert.Equal("kme-cait", json.GetProperty("source_KME_ID").GetString());
        Assert.Equal("kme-ccs", json.GetProperty("target_KME_ID").GetString());
        Assert.Equal("sae-cait", json.GetProperty("master_SAE_ID").GetString());
        Assert.Equal("sae-ccs", json.GetProperty("slave_SAE_ID").GetString());
        Assert.Equal(256, json.GetProperty("key_size").GetInt32());
        Assert.Equal(25000, json.GetProperty("stored_key_count").GetInt64());
        Assert.Equal(100000, json.GetProperty("max_key_count").GetInt64());
        Assert.Equal(128, json.GetProperty("max_key_per_request").GetInt32());
        Assert.Equal(1024, json.GetProperty("max_key_size").GetInt32());
        Assert.Equal(64, json.GetProperty("min_key_size").GetInt32());
        Assert.Equal(0, json.GetProperty("max_SAE_ID_count").GetInt32());
    }

    [Fact]
    public void Status_extension_is_omitted_when_null_and_written_when_set()
    {
        Assert.False(Serialize(Sample()).TryGetProperty("status_extension", out _));

        var extension = JsonDocument.Parse("""{"vendor":"x"}""").RootElement;
        var json = Serialize(Sample(extension));
        Assert.Equal("x", json.GetProperty("status_extension").GetProperty("vendor").GetString());
    }

    [Fact]
    public void Status_spec_example_parses()
    {
        const string example = """
            {
              "source_KME_ID": "EEEEFFFFGGGGHHHH",
              "target_KME_ID": "IIIIJJJJKKKKLLLL",
              "master_SAE_ID": "IIIIJJJJKKKKLLLL",
              "slave_SAE_ID": "CCCCDDDDEEEEFFFF",
              "key_size": 352,
              "stored_key_count": 25000,
              "max_key_count": 100000,
              "max_key_per_request": 128,
              "max_key_size": 1024,
              "min_key_size": 64,
              "max_SAE_ID_count": 0
            }
            """;
        var status = JsonSerializer.Deserialize(example, Etsi014JsonContext.Default.Etsi014Status)!;
        Assert.Equal("EEEEFFFFGGGGHHHH", status.SourceKmeId);
        Assert.Equal("CCCCDDDDEEEEFFFF", status.SlaveSaeId);
        Assert.Equal(352, status.KeySize);
        Assert.Equal(25000, status.StoredKeyCount);
        Assert.Null(status.StatusExtension);
    }
}
