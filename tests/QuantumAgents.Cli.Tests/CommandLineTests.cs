namespace QuantumAgents.Cli.Tests;

/// <summary>The command line itself: help, usage errors and their exit status, before any call is made.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly Qactl _qactl = new();

    public void Dispose() => _qactl.Dispose();

    [Fact]
    public async Task Help_lists_every_command_and_the_exit_codes_and_exits_0()
    {
        var result = await _qactl.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var command in new[] { "nodes", "tunnel", "tls", "entropy", "key", "--json", "78 configuration" })
        {
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_of_a_command_with_missing_arguments_is_still_help()
    {
        var result = await _qactl.RunAsync("tunnel", "create", "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("--local-subnet", result.Out, StringComparison.Ordinal);
        Assert.Contains("--wait", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("tunnel", "create", "cait")]
    [InlineData("tunnel", "show")]
    [InlineData("tls", "create", "cait", "rectorado", "--target", "198.19.3.2:8000")]
    [InlineData("tunnel", "create", "cait", "rectorado", "--wait", "soon")]
    [InlineData("tunnel", "create", "cait", "rectorado", "--wait", "0")]
    [InlineData("entropy", "0")]
    [InlineData("entropy", "many")]
    [InlineData("key", "cait")]
    public async Task A_wrong_command_line_exits_2_with_the_reason_and_where_help_is(params string[] args)
    {
        var result = await _qactl.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("qactl: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task No_command_is_a_usage_error()
    {
        Assert.Equal(ExitCodes.Usage, (await _qactl.RunAsync()).ExitCode);
    }

    [Fact]
    public async Task Hex_and_raw_together_are_a_usage_error_found_before_any_call()
    {
        var result = await _qactl.RunAsync("entropy", "32", "--hex", "--raw");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--hex and --raw", result.Error, StringComparison.Ordinal);
    }
}
