namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>
/// One more address (a /32) on an interface of a testbed namespace, inside a client subnet:
/// several tenants' machines, and their gateways on the node, in one client network. Removed on dispose.
/// </summary>
public sealed class ExtraAddress : IAsyncDisposable
{
    private readonly string _netns;
    private readonly string _device;

    private ExtraAddress(string netns, string device, string address)
    {
        _netns = netns;
        _device = device;
        Address = address;
    }

    public string Address { get; }

    public static async Task<ExtraAddress> AddAsync(string netns, string device, string address)
    {
        await Netns.RunCheckedAsync(netns, "ip", "addr", "replace", address + "/32", "dev", device);
        return new ExtraAddress(netns, device, address);
    }

    public async ValueTask DisposeAsync() => await Netns.RunAsync(_netns, "ip", "addr", "del", Address + "/32", "dev", _device);
}
