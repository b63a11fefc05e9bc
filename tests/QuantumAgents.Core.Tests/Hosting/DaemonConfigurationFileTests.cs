using QuantumAgents.Core.Hosting;

namespace QuantumAgents.Core.Tests.Hosting;

// Load also reads QA_* variables, which the environment tests set: keep them apart.
[Collection(ProcessEnvironment.Name)]
public sealed class DaemonConfigurationFileTests : IDisposable
{
    private readonly ConfigDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static SampleOptions Load(string path) => DaemonConfiguration.Load<SampleOptions>(new DaemonArguments(path));

    [Fact]
    public void A_valid_file_is_bound_through_the_configuration_key_names()
    {
        var path = _directory.Write("sample.json", """{"name":"cait","limits":{"max_items":3,"ttl_seconds":5}}""");
        var options = Load(path);
        Assert.Equal("cait", options.Name);
        Assert.Equal(3, options.Limits.MaxItems);
        Assert.Equal(5, options.Limits.TtlSeconds);
    }

    [Fact]
    public void Absent_keys_keep_their_defaults()
    {
        var options = Load(_directory.Write("sample.json", """{"name":"cait"}"""));
        Assert.Equal(10, options.Limits.MaxItems);
        Assert.Equal(60, options.Limits.TtlSeconds);
    }

    [Fact]
    public void Explicit_config_that_does_not_exist_is_an_error_naming_the_path()
    {
        var missing = Path.Combine(_directory.Path, "nope.json");
        var error = Assert.Throws<DaemonConfigurationException>(() => Load(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_in_the_file_is_an_error_naming_the_key()
    {
        var path = _directory.Write("sample.json", """{"name":"cait","limits":{"max_itmes":3}}""");
        var error = Assert.Throws<DaemonConfigurationException>(() => Load(path));
        Assert.Contains("max_itmes", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Unknown_top_level_key_is_an_error_naming_the_key()
    {
        var path = _directory.Write("sample.json", """{"name":"cait","nmae":"x"}""");
        var error = Assert.Throws<DaemonConfigurationException>(() => Load(path));
        Assert.Contains("nmae", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_is_an_error_naming_the_file()
    {
        var path = _directory.Write("sample.json", """{"name": "cait",""");
        var error = Assert.Throws<DaemonConfigurationException>(() => Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Value_of_the_wrong_type_is_an_error_naming_the_key()
    {
        var path = _directory.Write("sample.json", """{"name":"cait","limits":{"max_items":"many"}}""");
        var error = Assert.Throws<DaemonConfigurationException>(() => Load(path));
        Assert.Contains("max_items", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Validation_problem_is_an_error_naming_the_field()
    {
        var path = _directory.Write("sample.json", """{"name":"cait","limits":{"max_items":0}}""");
        var error = Assert.Throws<DaemonConfigurationException>(() => Load(path));
        Assert.Contains("limits.max_items", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_validation_problem_is_reported()
    {
        var path = _directory.Write("sample.json", """{"limits":{"max_items":0}}""");
        var error = Assert.Throws<DaemonConfigurationException>(() => Load(path));
        Assert.Contains("name: required", error.Message, StringComparison.Ordinal);
        Assert.Contains("limits.max_items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_relative_path_resolves_to_a_full_path()
    {
        var resolved = DaemonConfiguration.ResolveConfigPath("sample", new DaemonArguments("conf/sample.json"));
        Assert.True(Path.IsPathFullyQualified(resolved));
        Assert.EndsWith(Path.Combine("conf", "sample.json"), resolved, StringComparison.Ordinal);
    }
}
