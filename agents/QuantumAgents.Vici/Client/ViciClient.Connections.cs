using QuantumAgents.Vici.Commands;
using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Client;

public sealed partial class ViciClient
{
    /// <summary>Loads (or replaces) connections: <paramref name="request"/> holds one section per connection.</summary>
    public async Task LoadConnAsync(ViciSection request, CancellationToken cancellationToken = default) =>
        EnsureSuccess("load-conn", await RequestAsync("load-conn", request, cancellationToken));

    public Task LoadConnAsync(ViciSiteToSiteConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return LoadConnAsync(config.ToRequest(), cancellationToken);
    }

    public async Task UnloadConnAsync(string name, CancellationToken cancellationToken = default) =>
        EnsureSuccess("unload-conn", await RequestAsync("unload-conn", new ViciSection().Add("name", name), cancellationToken));

    /// <summary>Names of the connections loaded over VICI.</summary>
    public async Task<IReadOnlyList<string>> GetConnsAsync(CancellationToken cancellationToken = default) =>
        (await RequestAsync("get-conns", cancellationToken: cancellationToken)).GetList("conns");

    /// <summary>The full configuration of loaded connections (streamed as list-conn events), one section per connection.</summary>
    public async Task<IReadOnlyList<ViciSection>> ListConnsAsync(string? ike = null, CancellationToken cancellationToken = default)
    {
        var request = ike is null ? null : new ViciSection().Add("ike", ike);
        var result = await StreamAsync("list-conns", "list-conn", request, cancellationToken);
        return [.. result.Events.SelectMany(e => e)
            .Where(entry => entry.Section is not null)
            .Select(entry => new ViciSection().AddSection(entry.Name, entry.Section!))];
    }
}
