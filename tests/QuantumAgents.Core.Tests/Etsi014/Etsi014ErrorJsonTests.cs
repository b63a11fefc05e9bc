using System.Text.Json;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.Tests.Etsi014;

public class Etsi014ErrorJsonTests
{
    [Fact]
    public void Spec_example_error_parses_message_and_details()
    {
        // ETSI GS QKD 014 V1.1.1 §6.5, example "Error".
        var error = JsonSerializer.Deserialize("""
            {
              "message": "not all extension_mandatory parameters are supported",
              "details": [
                {"extension_mandatory_unsupported": "abc_route_type"},
                {"extension_mandatory_unsupported": "abc_transfer_method"}
              ]
            }
            """, Etsi014JsonContext.Default.Etsi014Error)!;
        Assert.Equal("not all extension_mandatory parameters are supported", error.Message);
        Assert.Equal(2, error.Details!.Count);
        Assert.Equal("abc_transfer_method", error.Details[1].GetProperty("extension_mandatory_unsupported").GetString());
    }

    [Fact]
    public void Error_without_details_parses_with_null_details()
    {
        var error = JsonSerializer.Deserialize("""{"message":"bad"}""", Etsi014JsonContext.Default.Etsi014Error)!;
        Assert.Equal("bad", error.Message);
        Assert.Null(error.Details);
    }

    [Fact]
    public void Error_without_message_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"details":[]}""", Etsi014JsonContext.Default.Etsi014Error));
    }

    [Fact]
    public void Readable_context_writes_apostrophes_and_quotes_unescaped()
    {
        var error = new Etsi014Error { Message = "SAE 'sae-x' isn't \"known\"" };
        var json = JsonSerializer.Serialize(error, Etsi014JsonContext.Readable.Etsi014Error);
        Assert.Equal("""{"message":"SAE 'sae-x' isn't \"known\""}""", json);
        Assert.DoesNotContain("\\u0027", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_context_escapes_apostrophes_which_is_why_Readable_exists()
    {
        var json = JsonSerializer.Serialize(new Etsi014Error { Message = "isn't" }, Etsi014JsonContext.Default.Etsi014Error);
        Assert.Contains("\\u0027", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Readable_context_still_omits_null_members()
    {
        var json = JsonSerializer.Serialize(new Etsi014Error { Message = "m" }, Etsi014JsonContext.Readable.Etsi014Error);
        Assert.DoesNotContain("details", json, StringComparison.Ordinal);
    }
}
