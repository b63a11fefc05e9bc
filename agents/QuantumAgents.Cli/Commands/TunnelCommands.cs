using System.CommandLine;
using System.Text.Json;
using QuantumAgents.Cli.Api;
using QuantumAgents.Cli.Config;
using QuantumAgents.Cli.Failures;
using QuantumAgents.Cli.Output;
using QuantumAgents.Contracts;

namespace QuantumAgents.Cli.Commands;

/// <summary><c>qactl tunnel create|ls|show|rm</c>: QKD-keyed IPsec tunnels between two nodes.</summary>
public static class TunnelCommands
{
    private static readonly ResourceCommands<TunnelView, TunnelList> Resource = new(
        "tunnel", "/api/v1/ipsec/tunnels", "tunnel", QactlJsonContext.Default.TunnelView, QactlJsonContext.Default.TunnelList,
        ResourceText.Tunnel, WriteList, t => (t.Id, t.State, t.Reason));

    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return new Command("tunnel", "IPsec tunnels keyed by QKD between the client networks of two nodes")
        {
            CreateCommand(runner), Resource.List(runner), Resource.Show(runner), Resource.Remove(runner),
        };
    }

    private static Command CreateCommand(CommandRunner runner)
    {
        var a = new Argument<string>("A") { Description = "The initiating node (it takes the key from its KME)" };
        var b = new Argument<string>("B") { Description = "The responding node" };
        var ppk = new Option<bool>("--ppk") { Description = "Also key IKEv2 with an RFC 8784 post-quantum preshared key (a second QKD key) besides the PSK" };
        var wait = WaitOption.Create("the tunnel is established or failed");
        var local = new Option<string[]>("--local-subnet") { Description = "Subnet behind A (repeatable; default: A's client_subnet in the config)", HelpName = "CIDR" };
        var remote = new Option<string[]>("--remote-subnet") { Description = "Subnet behind B (repeatable; default: B's client_subnet in the config)", HelpName = "CIDR" };
        var rekey = new Option<int?>("--rekey-seconds")
        {
            Description = "Re-authenticate with fresh QKD keys this often (default 3600); each time draws one key, two with --ppk", HelpName = "SECONDS",
        };
        var command = new Command("create", "Create a tunnel A ⇄ B") { a, b, ppk, rekey, wait, local, remote };
        runner.Bind(command, async (context, cancellationToken) =>
        {
            var (nodeA, nodeB) = (context.Parse.GetValue(a)!, context.Parse.GetValue(b)!);
            var request = new TunnelRequest
            {
                A = nodeA, B = nodeB,
                ASubnets = Subnets(context, "--local-subnet", context.Parse.GetValue(local), nodeA),
                BSubnets = Subnets(context, "--remote-subnet", context.Parse.GetValue(remote), nodeB),
                Auth = context.Parse.GetValue(ppk) ? "ppk" : null, RekeySeconds = context.Parse.GetValue(rekey),
            };
            var (query, time) = WaitOption.Of(context.Parse.GetValue(wait));
            using var api = context.ControlPlane();
            var answer = await api.PostAsync(Resource.Path + query, JsonSerializer.Serialize(request, QactlJsonContext.Default.TunnelRequest), time, cancellationToken)
                .ConfigureAwait(false);
            Resource.Created(context, answer, time > TimeSpan.Zero);
        });
        return command;
    }

    /// <summary>The subnets given, else the node's client subnet from the configuration.</summary>
    private static List<string> Subnets(CommandContext context, string option, string[]? given, string node)
    {
        if (given is { Length: > 0 })
        {
            return [.. given];
        }
        var config = context.Config;
        return config.Nodes.TryGetValue(node, out var entry) && entry.ClientSubnet is { } subnet
            ? [subnet]
            : throw new UsageException($"{option}: required (no client_subnet for node '{node}' in {config.Source})");
    }

    private static void WriteList(TextWriter writer, TunnelList list)
    {
        var table = new TextTable("ID", "A ⇄ B", "SUBNETS", "AUTH", "STATE", "CREATED");
        foreach (var t in list.Tunnels)
        {
            table.Add(t.Id, $"{t.A} ⇄ {t.B}", $"{string.Join(",", t.ASubnets)} ⇄ {string.Join(",", t.BSubnets)}", t.Auth,
                ResourceText.StateOf(t.State, t.Reason), ResourceText.Age(t.CreatedAt));
        }
        table.WriteTo(writer);
    }
}
