using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using QuantumAgents.Cli.Api;
using QuantumAgents.Cli.Output;
using QuantumAgents.Contracts;

namespace QuantumAgents.Cli.Commands;

/// <summary><c>qactl nodes</c>: the nodes, their QKD links and agents, and the entropy source.</summary>
public static class NodesCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var command = new Command("nodes", "The nodes, their QKD links (keys stored) and agents, and where entropy comes from");
        runner.Bind(command, RunAsync);
        return command;
    }

    private static async Task RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        using var api = context.ControlPlane();
        var answer = await api.GetAsync("/api/v1/nodes", cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(answer.Text);
            return;
        }
        var view = JsonSerializer.Deserialize(answer.Body, QactlJsonContext.Default.NodesView)!;
        var table = new TextTable("NODE", "ADDRESS", "QKD LINKS (keys stored/max)", "AGENTS");
        foreach (var node in view.Nodes)
        {
            table.Add(node.Name, node.Address,
                string.Join(", ", node.Links.Select(Link)) is { Length: > 0 } links ? links : "-",
                string.Join(", ", node.Agents.Select(a => $"{a.Kind.Name()} {(a.Healthy ? "ok" : "silent")}")) is { Length: > 0 } agents ? agents : "-");
        }
        table.WriteTo(context.Out);
        var budget = new TextTable("LINK", "PRODUCED", "COMMITTED", "DRAWN", "POOL", "EMPTY IN");
        foreach (var node in view.Nodes)
        {
            foreach (var link in node.Links)
            {
                budget.Add($"{node.Name} → {link.Peer}", BitRate.PerSecond(link.ProducedBitsPerSecond), BitRate.PerSecond(link.CommittedBitsPerSecond),
                    BitRate.PerSecond(link.DrawnBitsPerSecond), BitRate.Amount(link.PoolBits), BitRate.Until(link.SecondsUntilEmpty));
            }
        }
        context.Out.WriteLine();
        context.Out.WriteLine("key budget per link (produced: the link's rate; committed: promised to admitted services; drawn: measured at the KME):");
        budget.WriteTo(context.Out);
        context.Out.WriteLine();
        var source = view.EntropySource;
        context.Out.WriteLine($"entropy source: {source.Description}; quantum: {(source.Quantum ? "yes" : "no")}; health: {source.Health}");
    }

    private static string Link(NodeLinkView link) =>
        link.StoredKeyCount is { } stored
            ? string.Create(CultureInfo.InvariantCulture, $"{link.Peer} {stored}/{link.MaxKeyCount}")
            : $"{link.Peer} (not reported)";
}
