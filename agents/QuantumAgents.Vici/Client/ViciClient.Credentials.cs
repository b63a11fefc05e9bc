using QuantumAgents.Core.Secrets;
using QuantumAgents.Vici.Commands;
using QuantumAgents.Vici.Messages;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

public sealed partial class ViciClient
{
    /// <summary>
    /// Loads a shared key under <paramref name="id"/> (so it can be unloaded alone). The key
    /// bytes go straight from <paramref name="key"/> into a pinned wire buffer that is zeroed
    /// once sent; they never become a string or a <see cref="ViciSection"/>.
    /// For an IKE PSK the owners are the two IKE identities; for a PPK, the <c>ppk_id</c>.
    /// </summary>
    public Task LoadSharedAsync(ViciSharedKeyType type, string id, ReadOnlyMemory<byte> key, IReadOnlyList<string> owners, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(owners);
        var writer = ViciWriter.Command("load-shared");
        try
        {
            writer.KeyValue("id", id)
                .KeyValue("type", type.WireName())
                .KeyValue("data", key.Span)
                .List("owners", owners);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        return LoadSharedCoreAsync(writer, cancellationToken);
    }

    public Task LoadSharedAsync(ViciSharedKeyType type, string id, SecretBytes key, IReadOnlyList<string> owners, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return LoadSharedAsync(type, id, key.AsMemory(), owners, cancellationToken);
    }

    /// <summary>charon answers yes even for an id it does not know.</summary>
    public async Task UnloadSharedAsync(string id, CancellationToken cancellationToken = default) =>
        EnsureSuccess("unload-shared", await RequestAsync("unload-shared", new ViciSection().Add("id", id), cancellationToken));

    /// <summary>The ids of the shared keys loaded over VICI (never the keys).</summary>
    public async Task<IReadOnlyList<string>> GetSharedAsync(CancellationToken cancellationToken = default) =>
        (await RequestAsync("get-shared", cancellationToken: cancellationToken)).GetList("keys");

    private async Task LoadSharedCoreAsync(ViciWriter writer, CancellationToken cancellationToken) =>
        EnsureSuccess("load-shared", await ExchangeAsync("load-shared", writer, streamEvent: null, events: null, TimeSpan.Zero, cancellationToken));
}
