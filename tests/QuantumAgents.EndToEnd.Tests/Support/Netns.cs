using CliWrap;
using CliWrap.Buffered;

namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>Programs run inside a testbed namespace, as a user on that machine would run them.</summary>
public static class Netns
{
    public static Task<BufferedCommandResult> RunAsync(string netns, params string[] command) =>
        Cli.Wrap("ip").WithArguments(["netns", "exec", netns, .. command]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    /// <summary>The same, failing the test with the program's stderr unless it exits 0.</summary>
    public static async Task<string> RunCheckedAsync(string netns, params string[] command)
    {
        var result = await RunAsync(netns, command);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)} in {netns} exited {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput;
    }
}
