using QuantumAgents.Core.Hosting;

namespace QuantumAgents.Core.Tests.Hosting;

public class DaemonArgumentsTests
{
    [Fact]
    public void No_arguments_means_no_config_path()
    {
        Assert.Null(DaemonArguments.Parse([]).ConfigPath);
    }

    [Fact]
    public void Config_followed_by_a_path_is_the_config_path()
    {
        Assert.Equal("/tmp/x.json", DaemonArguments.Parse(["--config", "/tmp/x.json"]).ConfigPath);
    }

    [Fact]
    public void Config_with_an_equals_sign_is_the_config_path()
    {
        Assert.Equal("/tmp/x.json", DaemonArguments.Parse(["--config=/tmp/x.json"]).ConfigPath);
    }

    [Fact]
    public void Config_without_a_path_is_an_error_saying_so()
    {
        var error = Assert.Throws<DaemonConfigurationException>(() => DaemonArguments.Parse(["--config"]));
        Assert.Contains("--config needs a path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_with_an_empty_equals_value_is_an_error_saying_so()
    {
        var error = Assert.Throws<DaemonConfigurationException>(() => DaemonArguments.Parse(["--config="]));
        Assert.Contains("--config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_argument_is_an_error_naming_it_and_showing_usage()
    {
        var error = Assert.Throws<DaemonConfigurationException>(() => DaemonArguments.Parse(["--verbose"]));
        Assert.Contains("'--verbose'", error.Message, StringComparison.Ordinal);
        Assert.Contains("usage: --config PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_argument_after_a_valid_config_is_still_an_error()
    {
        Assert.Throws<DaemonConfigurationException>(() => DaemonArguments.Parse(["--config", "a.json", "extra"]));
    }
}
