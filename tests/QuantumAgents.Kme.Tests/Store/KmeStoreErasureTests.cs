using System.Security.Cryptography;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Tests.Store;

/// <summary>An erased key is gone from the disk, not only from the tables.</summary>
public sealed class KmeStoreErasureTests : IAsyncLifetime
{
    private const long Now = 1_000_000;
    private readonly TempStore _store = new();

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task A_delivered_key_leaves_every_file_of_the_state_directory()
    {
        var material = RandomNumberGenerator.GetBytes(32);
        await _store.Write(t => t.InsertKey("k1", "cait-ccs", "sae-cait", ["sae-ccs"], material, Now + 60));
        // The scan finds it while it is stored.
        Assert.NotEmpty(_store.FilesContaining(material));

        var delivered = Assert.IsType<SlaveDelivery.Delivered>(await _store.Write(t => t.DeliverToSlave("k1", "sae-cait", "sae-ccs", Now)));
        delivered.Material.Dispose();

        // The store truncates its log about a second after the erase; allow for a slow machine.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_store.FilesContaining(material).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Empty(_store.FilesContaining(material));
    }
}
