using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using QuantumAgents.Cli.Output;
using QuantumAgents.Contracts;

namespace QuantumAgents.Cli.Commands;

/// <summary><c>qactl usage</c>: what the caller's tenant has used (the admin sees every tenant).</summary>
public static class UsageCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var command = new Command("usage", "Metered use per tenant: tunnels and sessions, QKD key (by budget) against the quota, entropy served");
        runner.Bind(command, async (context, cancellationToken) =>
        {
            using var api = context.ControlPlane();
            var answer = await api.GetAsync("/api/v1/usage", cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(answer.Text);
                return;
            }
            var table = new TextTable("TENANT", "TUNNELS", "TUNNEL-SECONDS", "SESSIONS", "SESSION-SECONDS", "QKD KEY", "QKD TODAY", "COMMITTED", "QUOTA",
                "ENTROPY BYTES", "ENTROPY REQUESTS");
            foreach (var u in JsonSerializer.Deserialize(answer.Body, QactlJsonContext.Default.UsageView)!.Tenants)
            {
                table.Add(u.Tenant, Number(u.TunnelsCreated), Number(u.TunnelSeconds), Number(u.SessionsCreated), Number(u.SessionSeconds),
                    BitRate.Amount(u.QkdBits), BitRate.Amount(u.QkdBitsToday), BitRate.PerSecond(u.QkdCommittedBitsPerSecond), Quota(u.Quota),
                    Number(u.EntropyBytes), Number(u.EntropyRequests));
            }
            table.WriteTo(context.Out);
        });
        return command;
    }

    private static string Quota(QuotaView? quota) =>
        quota is { BitsPerSecond: null, BitsPerDay: null } or null
            ? "none"
            : string.Join(", ", new[]
            {
                quota.BitsPerSecond is { } perSecond ? BitRate.PerSecond(perSecond) : null,
                quota.BitsPerDay is { } perDay ? BitRate.Amount(perDay) + "/day" : null,
            }.OfType<string>());

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
