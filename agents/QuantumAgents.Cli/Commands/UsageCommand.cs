using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using QuantumAgents.Cli.Output;

namespace QuantumAgents.Cli.Commands;

/// <summary><c>qactl usage</c>: what the caller's tenant has used (the admin sees every tenant).</summary>
public static class UsageCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var command = new Command("usage", "Metered use per tenant: tunnels and sessions created and their lifetime, entropy served");
        runner.Bind(command, async (context, cancellationToken) =>
        {
            using var api = context.ControlPlane();
            var answer = await api.GetAsync("/api/v1/usage", cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(answer.Text);
                return;
            }
            var table = new TextTable("TENANT", "TUNNELS", "TUNNEL-SECONDS", "SESSIONS", "SESSION-SECONDS", "ENTROPY BYTES", "ENTROPY REQUESTS");
            foreach (var u in JsonSerializer.Deserialize(answer.Body, QactlJsonContext.Default.UsageView)!.Tenants)
            {
                table.Add(u.Tenant, Number(u.TunnelsCreated), Number(u.TunnelSeconds), Number(u.SessionsCreated), Number(u.SessionSeconds),
                    Number(u.EntropyBytes), Number(u.EntropyRequests));
            }
            table.WriteTo(context.Out);
        });
        return command;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
