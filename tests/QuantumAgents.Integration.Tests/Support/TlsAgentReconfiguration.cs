using System.Text.Json;
using System.Text.Json.Nodes;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// A node's qa-tls-agent restarted on a changed <c>tls-agent.json</c> (the node's own settings,
/// which the control plane cannot see); disposing puts the file back and restarts it again.
/// </summary>
public sealed class TlsAgentReconfiguration : IAsyncDisposable
{
    private readonly string _node;
    private readonly string _path;
    private readonly string _original;

    private TlsAgentReconfiguration(string node, string path, string original)
    {
        _node = node;
        _path = path;
        _original = original;
    }

    public static async Task<TlsAgentReconfiguration> StartAsync(string node, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var path = Path.Combine(Testbed.Directory, "config", node, "tls-agent.json");
        var original = await File.ReadAllTextAsync(path);
        var config = JsonNode.Parse(original)!.AsObject();
        change(config);
        var reconfigured = new TlsAgentReconfiguration(node, path, original);
        try
        {
            await Testbed.RunAsync("stop-tls-agent", node);
            await File.WriteAllTextAsync(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            await Testbed.RunAsync("start-tls-agent", node);
            return reconfigured;
        }
        catch
        {
            await reconfigured.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Testbed.RunAsync("stop-tls-agent", _node);
        await File.WriteAllTextAsync(_path, _original);
        await Testbed.RunAsync("start-tls-agent", _node);
    }
}
