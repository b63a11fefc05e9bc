using CliWrap;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// A program a test leaves running inside a network namespace (a server), killed when disposed:
/// killed, not interrupted, because a SIGINT that python never acted on once hung a whole run.
/// </summary>
public sealed class NamespacedProcess : IAsyncDisposable
{
    private readonly CancellationTokenSource _kill = new();

    public NamespacedProcess(string netns, IReadOnlyList<string> program, PipeTarget output, PipeTarget errors)
    {
        Running = Cli.Wrap("ip")
            .WithArguments(["netns", "exec", netns, .. program])
            .WithStandardOutputPipe(output)
            .WithStandardErrorPipe(errors)
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_kill.Token);
    }

    /// <summary>Completes when the program exits (by itself, or killed).</summary>
    public CommandTask<CommandResult> Running { get; }

    public async ValueTask DisposeAsync()
    {
        await _kill.CancelAsync();
        try
        {
            await Running;
        }
        catch (OperationCanceledException)
        {
            // Killed as asked.
        }
        _kill.Dispose();
    }
}
