using System.CommandLine;
using QuantumAgents.Cli.Commands;

namespace QuantumAgents.Cli;

/// <summary>qactl's command tree and one run of it.</summary>
public static class QactlApp
{
    private const string Description = """
        qactl: the common calls to the Quantum Agents control plane and KMEs, one line each.

        Configuration: --config FILE, else $QACTL_CONFIG, else ~/.config/quantum-agents/qactl.json;
        QACTL_URL, QACTL_TOKEN and QACTL_CA override it (scripts/testbed.sh up writes one: /run/qa-testbed/qactl.json).
        Exit status: 0 ok; 1 not ready (failed, still pending after --wait, keys differ); 2 usage;
        3 refused (HTTP 4xx, the reason is printed); 4 unreachable or server error (5xx); 78 configuration.
        """;

    public static RootCommand Build(QactlHost host)
    {
        var runner = new CommandRunner(new GlobalOptions(), host);
        return new RootCommand(Description)
        {
            runner.Options.Json,
            runner.Options.Config,
            NodesCommand.Create(runner),
            TunnelCommands.Create(runner),
            TlsCommands.Create(runner),
            EntropyCommand.Create(runner),
            KeyCommand.Create(runner),
            UsageCommand.Create(runner),
            TenantCommand.Create(runner),
        };
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, QactlHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var parse = Build(host).Parse(args);
        // --help and --version answer even on an incomplete line; any other parse error is a usage error.
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            foreach (var error in parse.Errors)
            {
                await host.Error.WriteLineAsync($"qactl: {error.Message}").ConfigureAwait(false);
            }
            await host.Error.WriteLineAsync($"see: {CommandPath(parse)} --help").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = host.Out, Error = host.Error, EnableDefaultExceptionHandler = false }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>"qactl tunnel create": the command the parser got as far as.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }
        names.Push("qactl");
        return string.Join(' ', names);
    }
}
