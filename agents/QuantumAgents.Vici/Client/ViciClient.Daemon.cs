using QuantumAgents.Vici.Commands;

namespace QuantumAgents.Vici.Client;

public sealed partial class ViciClient
{
    public async Task<ViciVersion> VersionAsync(CancellationToken cancellationToken = default) =>
        ViciVersion.From(await RequestAsync("version", cancellationToken: cancellationToken));

    public async Task<ViciStats> StatsAsync(CancellationToken cancellationToken = default) =>
        ViciStats.From(await RequestAsync("stats", cancellationToken: cancellationToken));
}
