using System.Net;
using System.Security.Cryptography;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>The control plane's entropy from a configured device source: the bytes, in order, and nothing once it fails its health tests.</summary>
public sealed class EntropySourceApiTests : IAsyncLifetime
{
    private readonly string _device = Path.GetTempFileName();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        File.Delete(_device);
        return Task.CompletedTask;
    }

    private async Task<(ControlPlaneServer, HttpClient)> StartAsync(byte[] deviceContent)
    {
        await File.WriteAllBytesAsync(_device, deviceContent);
        var server = await ControlPlaneServer.StartAsync(o =>
        {
            o.Entropy.Source.Kind = "device";
            o.Entropy.Source.Path = _device;
            o.Entropy.Source.Quantum = false;
        });
        return (server, server.Client(await server.NewTenantAsync("vm")));
    }

    [Fact]
    public async Task A_device_sources_bytes_are_served_exactly_and_in_order()
    {
        var content = RandomNumberGenerator.GetBytes(64 * 1024);
        var (server, tenant) = await StartAsync(content);
        await using var _ = server;

        var first = await tenant.GetByteArrayAsync("/api/v1/entropy?bytes=1000&format=raw");
        var second = await tenant.GetByteArrayAsync("/api/v1/entropy?bytes=3000&format=raw");

        Assert.Equal(content[..4000], first.Concat(second).ToArray());
        var source = (await tenant.GetJsonAsync("/api/v1/nodes")).Body.GetProperty("entropy_source");
        Assert.Equal(("ok", false), (source.Str("health"), source.GetProperty("quantum").GetBoolean()));
        Assert.Contains("health-tested", source.Str("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stuck_device_is_cut_off_with_503_before_any_stuck_byte_is_served()
    {
        var content = RandomNumberGenerator.GetBytes(20_000).Select(b => b == 0 ? (byte)1 : b).Concat(new byte[20_000]).ToArray();
        var (server, tenant) = await StartAsync(content);
        await using var _ = server;
        var served = new List<byte>();

        HttpResponseMessage response;
        while ((response = await tenant.GetAsync("/api/v1/entropy?bytes=512&format=raw")).StatusCode == HttpStatusCode.OK)
        {
            served.AddRange(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("repetition count test", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((byte)0, served);
        Assert.True(served.Count >= 19_000);
        Assert.Contains("repetition count test", (await tenant.GetJsonAsync("/api/v1/nodes")).Body.GetProperty("entropy_source").Str("health"), StringComparison.Ordinal);
    }
}
