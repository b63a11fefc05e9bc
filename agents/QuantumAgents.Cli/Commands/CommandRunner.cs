using System.CommandLine;
using System.Security.Cryptography;
using QuantumAgents.Cli.Config;
using QuantumAgents.Cli.Failures;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Cli.Commands;

/// <summary>Runs a command's body and turns what went wrong into one line on stderr and its exit code.</summary>
public sealed class CommandRunner(GlobalOptions options, QactlHost host)
{
    public GlobalOptions Options { get; } = options;

    public void Bind(Command command, Func<CommandContext, CancellationToken, Task> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parse, cancellationToken) => RunAsync(new CommandContext(parse, Options, host), body, cancellationToken));
    }

    private async Task<int> RunAsync(CommandContext context, Func<CommandContext, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        try
        {
            await body(context, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (ConfigException e)
        {
            return Fail(e.Message, ExitCodes.Config);
        }
        catch (UsageException e)
        {
            return Fail(e.Message, ExitCodes.Usage);
        }
        catch (NotReadyException e)
        {
            return Fail(e.Message, ExitCodes.NotReady);
        }
        catch (RefusedException e)
        {
            return Fail(e.Message, ExitCodes.Refused, context.Json ? e.Body : null);
        }
        catch (UnreachableException e)
        {
            return Fail(e.Message, ExitCodes.Unreachable, context.Json ? e.Body : null);
        }
        catch (Etsi014Exception e)
        {
            // A KME's 4xx is a refusal (unknown SAE, key already taken); its 5xx means it cannot serve now.
            return Fail(e.Message, (int)e.StatusCode is >= 400 and < 500 ? ExitCodes.Refused : ExitCodes.Unreachable);
        }
        catch (KmeUnreachableException e)
        {
            return Fail($"{e.Message} — is the node's qa-kmed running?", ExitCodes.Unreachable);
        }
        catch (CryptographicException e)
        {
            return Fail($"{e.Message} (see {context.Config.Source})", ExitCodes.Config);
        }
    }

    private int Fail(string message, int exitCode, string? body = null)
    {
        if (!string.IsNullOrEmpty(body))
        {
            host.Out.WriteLine(body);
        }
        host.Error.WriteLine($"qactl: {message}");
        return exitCode;
    }
}
