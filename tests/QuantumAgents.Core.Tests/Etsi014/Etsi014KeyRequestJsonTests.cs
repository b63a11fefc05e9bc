using System.Text.Json;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.Tests.Etsi014;

public class Etsi014KeyRequestJsonTests
{
    private static Etsi014KeyRequest Parse(string json) =>
        JsonSerializer.Deserialize(json, Etsi014JsonContext.Default.Etsi014KeyRequest)!;

    [Fact]
    public void Spec_example_key_request_parses_every_member()
    {
        // ETSI GS QKD 014 V1.1.1 §6.2, example "Key request".
        var request = Parse("""
            {
              "number": 3,
              "size": 1024,
              "additional_slave_SAE_IDs": ["ABCDEFG", "HIJKLMN"],
              "extension_mandatory": [
                {"abc_route_type": "direct"},
                {"abc_transfer_method": "qkd"}
              ],
              "extension_optional": [
                {"abc_max_age": 30000}
              ]
            }
            """);
        Assert.Equal(3, request.Number);
        Assert.Equal(1024, request.Size);
        Assert.Equal(["ABCDEFG", "HIJKLMN"], request.AdditionalSlaveSaeIds);
        Assert.Equal(2, request.ExtensionMandatory!.Count);
        Assert.Equal("direct", request.ExtensionMandatory[0].GetProperty("abc_route_type").GetString());
        Assert.Equal(30000, request.ExtensionOptional![0].GetProperty("abc_max_age").GetInt32());
    }

    [Fact]
    public void Empty_key_request_leaves_every_member_absent()
    {
        var request = Parse("{}");
        Assert.Null(request.Number);
        Assert.Null(request.Size);
        Assert.Null(request.AdditionalSlaveSaeIds);
        Assert.Null(request.ExtensionMandatory);
        Assert.Null(request.ExtensionOptional);
    }

    [Fact]
    public void Unknown_member_in_a_key_request_is_a_JsonException_naming_it()
    {
        var error = Assert.Throws<JsonException>(() => Parse("""{"numbr": 2}"""));
        Assert.Contains("numbr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_names_are_case_sensitive()
    {
        Assert.Throws<JsonException>(() => Parse("""{"Number": 2}"""));
    }

    [Fact]
    public void Wrongly_typed_number_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => Parse("""{"number": "2"}"""));
    }

    [Fact]
    public void Key_request_serializes_with_spec_names_and_omits_absent_members()
    {
        var json = JsonSerializer.Serialize(new Etsi014KeyRequest { Number = 2, Size = 256 }, Etsi014JsonContext.Default.Etsi014KeyRequest);
        Assert.Equal("""{"number":2,"size":256}""", json);
    }
}
