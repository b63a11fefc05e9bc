using System.CommandLine;
using System.Text.Json;
using QuantumAgents.Cli.Api;
using QuantumAgents.Cli.Output;
using QuantumAgents.Contracts;

namespace QuantumAgents.Cli.Commands;

/// <summary><c>qactl tls create|ls|show|rm</c>: TLS sessions keyed by QKD from a port on one node to a target behind another.</summary>
public static class TlsCommands
{
    private static readonly ResourceCommands<TlsSessionView, TlsSessionList> Resource = new(
        "tls", "/api/v1/tls/sessions", "session", QactlJsonContext.Default.TlsSessionView, QactlJsonContext.Default.TlsSessionList,
        ResourceText.TlsSession, WriteList, s => (s.Id, s.State, s.Reason));

    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return new Command("tls", "TLS sessions keyed by QKD: a port on the client node carried to a target behind the server node")
        {
            CreateCommand(runner), Resource.List(runner), Resource.Show(runner), Resource.Remove(runner),
        };
    }

    private static Command CreateCommand(CommandRunner runner)
    {
        var client = new Argument<string>("CLIENT") { Description = "The node whose agent listens" };
        var server = new Argument<string>("SERVER") { Description = "The node whose agent connects to the target" };
        var listen = new Option<int>("--listen") { Description = "TCP port to listen on, on the client node", HelpName = "PORT", Required = true };
        var target = new Option<string>("--target") { Description = "Where the server node connects to (an address the operator allows you)", HelpName = "ADDRESS:PORT", Required = true };
        var perSecond = new Option<int?>("--connections-per-second")
        {
            Description = "New connections accepted per second, each a fresh QKD key: the session's key budget (default 10)", HelpName = "N",
        };
        var wait = WaitOption.Create("the session is established or failed");
        var command = new Command("create", "Create a session CLIENT:PORT → SERVER → ADDRESS:PORT") { client, server, listen, target, perSecond, wait };
        runner.Bind(command, async (context, cancellationToken) =>
        {
            var request = new TlsSessionRequest
            {
                ClientNode = context.Parse.GetValue(client), ServerNode = context.Parse.GetValue(server), Listen = context.Parse.GetValue(listen),
                Target = context.Parse.GetValue(target), ConnectionsPerSecond = context.Parse.GetValue(perSecond),
            };
            var (query, time) = WaitOption.Of(context.Parse.GetValue(wait));
            using var api = context.ControlPlane();
            var answer = await api.PostAsync(Resource.Path + query, JsonSerializer.Serialize(request, QactlJsonContext.Default.TlsSessionRequest), time, cancellationToken)
                .ConfigureAwait(false);
            Resource.Created(context, answer, time > TimeSpan.Zero);
        });
        return command;
    }

    private static void WriteList(TextWriter writer, TlsSessionList list)
    {
        var table = new TextTable("ID", "CLIENT:PORT → SERVER → TARGET", "STATE", "CREATED");
        foreach (var s in list.Sessions)
        {
            table.Add(s.Id, $"{s.ClientNode}:{s.Listen} → {s.ServerNode} → {s.Target}", ResourceText.StateOf(s.State, s.Reason), ResourceText.Age(s.CreatedAt));
        }
        table.WriteTo(writer);
    }
}
