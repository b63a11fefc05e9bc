using System.Text.Json;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Tests.Keys;

public class KeyRequestValidatorTests
{
    private static readonly KeyPolicyOptions Policy = new()
    {
        DefaultSize = 256,
        MinSize = 64,
        MaxSize = 1024,
        MaxPerRequest = 10,
        MaxSaeIdCount = 2,
    };

    private static EtsiProblemException BadRequest(Etsi014KeyRequest request)
    {
        var error = Assert.Throws<EtsiProblemException>(() => KeyRequestValidator.Validate(request, Policy));
        Assert.Equal(400, error.StatusCode);
        return error;
    }

    [Fact]
    public void Empty_request_means_one_key_of_the_default_size()
    {
        Assert.Equal((1, 256), KeyRequestValidator.Validate(new Etsi014KeyRequest(), Policy));
    }

    [Fact]
    public void Explicit_number_and_size_within_limits_are_returned()
    {
        Assert.Equal((10, 1024), KeyRequestValidator.Validate(new Etsi014KeyRequest { Number = 10, Size = 1024 }, Policy));
        Assert.Equal((1, 64), KeyRequestValidator.Validate(new Etsi014KeyRequest { Number = 1, Size = 64 }, Policy));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(11)]
    public void Number_outside_1_to_max_key_per_request_is_a_400_naming_number(int number)
    {
        var error = BadRequest(new Etsi014KeyRequest { Number = number });
        Assert.Contains("number", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_key_per_request (10)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(257)]
    public void Size_not_a_multiple_of_8_is_a_400(int size)
    {
        var error = BadRequest(new Etsi014KeyRequest { Size = size });
        Assert.Contains("multiple of 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_below_min_key_size_is_a_400()
    {
        var error = BadRequest(new Etsi014KeyRequest { Size = 56 });
        Assert.Contains("min_key_size (64)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_above_max_key_size_is_a_400()
    {
        var error = BadRequest(new Etsi014KeyRequest { Size = 1032 });
        Assert.Contains("max_key_size (1024)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_empty_extension_mandatory_is_a_400_naming_the_extension()
    {
        var extension = JsonDocument.Parse("""{"abc_route_type":"direct"}""").RootElement.Clone();
        var error = BadRequest(new Etsi014KeyRequest { ExtensionMandatory = [extension] });
        Assert.Contains("abc_route_type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_extension_mandatory_and_any_extension_optional_are_accepted()
    {
        var optional = JsonDocument.Parse("""{"abc_max_age":30000}""").RootElement.Clone();
        Assert.Equal((1, 256), KeyRequestValidator.Validate(new Etsi014KeyRequest { ExtensionMandatory = [], ExtensionOptional = [optional] }, Policy));
    }

    [Fact]
    public void Additional_slaves_up_to_max_SAE_ID_count_are_accepted()
    {
        Assert.Equal((1, 256), KeyRequestValidator.Validate(new Etsi014KeyRequest { AdditionalSlaveSaeIds = ["a", "b"] }, Policy));
    }

    [Fact]
    public void Too_many_additional_slaves_is_a_400()
    {
        var error = BadRequest(new Etsi014KeyRequest { AdditionalSlaveSaeIds = ["a", "b", "c"] });
        Assert.Contains("additional_slave_SAE_IDs", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_SAE_ID_count (2)", error.Message, StringComparison.Ordinal);
    }
}
