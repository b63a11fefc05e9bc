using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using QuantumAgents.Cli.Api;
using QuantumAgents.Cli.Failures;
using QuantumAgents.Contracts;

namespace QuantumAgents.Cli.Commands;

/// <summary>
/// What tunnels and TLS sessions share: <c>ls</c>, <c>show ID</c>, <c>rm ID [--wait]</c>, and
/// printing a created resource (exit 1 when <c>--wait</c> ends anywhere but established).
/// </summary>
/// <param name="Group">The command group: "tunnel" or "tls".</param>
/// <param name="Noun">"tunnel" or "session", as the messages say it.</param>
public sealed record ResourceCommands<TView, TList>(
    string Group, string Path, string Noun, JsonTypeInfo<TView> ViewType, JsonTypeInfo<TList> ListType,
    Action<TextWriter, TView> Write, Action<TextWriter, TList> WriteList, Func<TView, (string Id, ResourceState State, string? Reason)> Status)
{
    public Command List(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var command = new Command("ls", $"List your {Noun}s");
        runner.Bind(command, async (context, cancellationToken) =>
        {
            using var api = context.ControlPlane();
            var answer = await api.GetAsync(Path, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(answer.Text);
                return;
            }
            WriteList(context.Out, JsonSerializer.Deserialize(answer.Body, ListType)!);
        });
        return command;
    }

    public Command Show(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var id = new Argument<string>("ID") { Description = $"The {Noun}'s id" };
        var command = new Command("show", $"One {Noun}, with each side's state and what its agent reported") { id };
        runner.Bind(command, async (context, cancellationToken) =>
        {
            using var api = context.ControlPlane();
            var answer = await api.GetAsync($"{Path}/{Uri.EscapeDataString(context.Parse.GetValue(id)!)}", cancellationToken).ConfigureAwait(false);
            Print(context, answer);
        });
        return command;
    }

    public Command Remove(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var id = new Argument<string>("ID") { Description = $"The {Noun}'s id" };
        var wait = WaitOption.Create("both agents have removed it");
        var command = new Command("rm", $"Delete a {Noun}; both agents remove it") { id, wait };
        runner.Bind(command, async (context, cancellationToken) =>
        {
            var which = context.Parse.GetValue(id)!;
            var (query, time) = WaitOption.Of(context.Parse.GetValue(wait));
            using var api = context.ControlPlane();
            var answer = await api.DeleteAsync($"{Path}/{Uri.EscapeDataString(which)}{query}", time, cancellationToken).ConfigureAwait(false);
            if (answer.Status == 204)
            {
                if (!context.Json)
                {
                    context.Out.WriteLine($"{Noun} {which} deleted");
                }
                return;
            }
            // 202: stored as deleting; the agents have not confirmed yet.
            if (context.Json)
            {
                context.Out.WriteLine(answer.Text);
            }
            else
            {
                context.Out.WriteLine($"{Noun} {which} deleting (the agents are removing it)");
            }
            if (time > TimeSpan.Zero)
            {
                throw new NotReadyException($"{Noun} {which} still deleting after {time.TotalSeconds:0} s: an agent has not confirmed (qactl {Group} show {which})");
            }
        });
        return command;
    }

    /// <summary>Prints a created resource; after <c>--wait</c>, anything but established is a failure.</summary>
    public void Created(CommandContext context, ApiAnswer answer, bool waited)
    {
        ArgumentNullException.ThrowIfNull(context);
        var view = Print(context, answer);
        var (id, state, reason) = Status(view);
        if (waited && state != ResourceState.Established)
        {
            throw new NotReadyException($"{Noun} {id} is {state.Name()}{(reason is null ? "" : ": " + reason)}");
        }
    }

    private TView Print(CommandContext context, ApiAnswer answer)
    {
        var view = JsonSerializer.Deserialize(answer.Body, ViewType)!;
        if (context.Json)
        {
            context.Out.WriteLine(answer.Text);
        }
        else
        {
            Write(context.Out, view);
        }
        return view;
    }
}
