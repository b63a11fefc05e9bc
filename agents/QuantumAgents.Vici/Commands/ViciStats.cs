using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Commands;

/// <summary>The parts of <c>stats</c> an agent looks at; <see cref="Raw"/> has the rest.</summary>
public sealed record ViciStats(
    string UptimeRunning,
    string UptimeSince,
    long WorkersTotal,
    long WorkersIdle,
    long IkeSasTotal,
    long IkeSasHalfOpen,
    IReadOnlyList<string> Plugins,
    ViciSection Raw)
{
    internal static ViciStats From(ViciSection response)
    {
        var uptime = response.GetSection("uptime");
        var workers = response.GetSection("workers");
        var ikeSas = response.GetSection("ikesas");
        return new ViciStats(
            uptime?.GetString("running") ?? "",
            uptime?.GetString("since") ?? "",
            workers?.GetInt64("total") ?? 0,
            workers?.GetInt64("idle") ?? 0,
            ikeSas?.GetInt64("total") ?? 0,
            ikeSas?.GetInt64("half-open") ?? 0,
            response.GetList("plugins"),
            response);
    }
}
