using QuantumAgents.Core.Hosting;

namespace QuantumAgents.Core.Tests.Hosting;

[Collection(ProcessEnvironment.Name)]
public sealed class DaemonConfigurationEnvironmentTests : IDisposable
{
    private readonly ConfigDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string ValidFile() => _directory.Write("sample.json", """{"name":"cait","limits":{"max_items":3}}""");

    [Fact]
    public void QA_environment_variable_overrides_the_file_value()
    {
        var path = ValidFile();
        using var _ = new EnvironmentVariableScope("QA_limits__max_items", "7");
        var options = DaemonConfiguration.Load<SampleOptions>(new DaemonArguments(path));
        Assert.Equal(7, options.Limits.MaxItems);
        Assert.Equal("cait", options.Name);
    }

    [Fact]
    public void Environment_override_is_validated_too()
    {
        var path = ValidFile();
        using var _ = new EnvironmentVariableScope("QA_limits__max_items", "0");
        var error = Assert.Throws<DaemonConfigurationException>(() => DaemonConfiguration.Load<SampleOptions>(new DaemonArguments(path)));
        Assert.Contains("limits.max_items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unrelated_QA_environment_variables_are_not_unknown_key_errors()
    {
        var path = ValidFile();
        using var _ = new EnvironmentVariableScope("QA_some_other_daemon__setting", "1");
        var options = DaemonConfiguration.Load<SampleOptions>(new DaemonArguments(path));
        Assert.Equal(3, options.Limits.MaxItems);
    }

    [Fact]
    public void Without_config_argument_the_file_is_part_json_in_QA_CONFIG_DIR()
    {
        _directory.Write("sample.json", """{"name":"from-dir"}""");
        using var _ = new EnvironmentVariableScope("QA_CONFIG_DIR", _directory.Path);
        Assert.Equal(Path.Combine(_directory.Path, "sample.json"), DaemonConfiguration.ResolveConfigPath("sample", new DaemonArguments(null)));
        Assert.Equal("from-dir", DaemonConfiguration.Load<SampleOptions>(new DaemonArguments(null)).Name);
    }

    [Fact]
    public void Absent_default_file_is_fine_when_the_environment_carries_everything()
    {
        using var dir = new EnvironmentVariableScope("QA_CONFIG_DIR", _directory.Path);
        using var name = new EnvironmentVariableScope("QA_name", "from-env");
        Assert.Equal("from-env", DaemonConfiguration.Load<SampleOptions>(new DaemonArguments(null)).Name);
    }

    [Fact]
    public void Absent_default_file_without_environment_is_a_validation_error()
    {
        using var _ = new EnvironmentVariableScope("QA_CONFIG_DIR", _directory.Path);
        var error = Assert.Throws<DaemonConfigurationException>(() => DaemonConfiguration.Load<SampleOptions>(new DaemonArguments(null)));
        Assert.Contains("name: required", error.Message, StringComparison.Ordinal);
    }
}
