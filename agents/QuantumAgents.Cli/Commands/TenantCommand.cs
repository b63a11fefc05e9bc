using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using QuantumAgents.Cli.Api;
using QuantumAgents.Cli.Failures;
using QuantumAgents.Cli.Output;
using QuantumAgents.Contracts;

namespace QuantumAgents.Cli.Commands;

/// <summary><c>qactl tenant quota NAME</c>: the admin sets what a tenant may commit of the QKD key.</summary>
public static class TenantCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return new Command("tenant", "Tenants (the admin's): their QKD quota") { QuotaCommand(runner) };
    }

    private static Command QuotaCommand(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The tenant" };
        var perSecond = new Option<long?>("--bits-per-second") { Description = "Sustained QKD key its services may commit (absent: no limit)", HelpName = "BITS" };
        var perDay = new Option<long?>("--bits-per-day") { Description = "QKD key its services may use per UTC day (absent: no limit)", HelpName = "BITS" };
        var command = new Command("quota", "Set the tenant's QKD quota; without limits, lift it. Admitted services keep running") { name, perSecond, perDay };
        runner.Bind(command, async (context, cancellationToken) =>
        {
            var quota = new QuotaView(context.Parse.GetValue(perSecond), context.Parse.GetValue(perDay));
            if (quota.BitsPerSecond is < 0 || quota.BitsPerDay is < 0)
            {
                throw new UsageException("--bits-per-second, --bits-per-day: 0 or more");
            }
            var tenant = context.Parse.GetValue(name)!;
            using var api = context.ControlPlane();
            var answer = await api.PutAsync($"/api/v1/tenants/{Uri.EscapeDataString(tenant)}/quota",
                JsonSerializer.Serialize(quota, QactlJsonContext.Default.QuotaView), cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(answer.Text);
                return;
            }
            var set = JsonSerializer.Deserialize(answer.Body, QactlJsonContext.Default.QuotaView)!;
            context.Out.WriteLine(set is { BitsPerSecond: null, BitsPerDay: null }
                ? $"tenant {tenant}: no QKD quota"
                : string.Create(CultureInfo.InvariantCulture,
                    $"tenant {tenant}: at most {(set.BitsPerSecond is { } s ? BitRate.PerSecond(s) : "any rate")} committed, {(set.BitsPerDay is { } d ? BitRate.Amount(d) : "any amount")} per day"));
        });
        return command;
    }
}
