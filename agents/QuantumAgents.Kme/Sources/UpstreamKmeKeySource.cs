using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Net;
using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;

namespace QuantumAgents.Kme.Sources;

/// <summary>
/// Key material from a vendor's KME (a QKD box) over ETSI 014: the producing side is the
/// upstream master SAE (<c>enc_keys</c>), the other side redeems the same key IDs as slave SAE
/// (<c>dec_keys</c>) at its own upstream KME. Only key IDs cross the KME-to-KME channel.
/// </summary>
public sealed class UpstreamKmeKeySource : IKeySource
{
    /// <summary>8 KiB keys; the spec sets no limit, but a larger default means a broken status.</summary>
    private const int MaxKeySizeBits = 65536;

    private readonly Etsi014Client _client;
    private readonly string _peerSaeId;
    private Etsi014Status? _status;

    public UpstreamKmeKeySource(KeySourceOptions options)
        : this(new Etsi014Client(new Uri(options.UpstreamUrl!),
            new MutualTlsOptions(options.UpstreamCertificate!, options.UpstreamKey!, options.UpstreamCa!)), options.UpstreamPeerSaeId!)
    {
    }

    /// <summary>For a client built elsewhere (a test's <see cref="HttpClient"/> over a scripted KME); disposed with this source.</summary>
    public UpstreamKmeKeySource(Etsi014Client client, string peerSaeId)
    {
        _client = client;
        _peerSaeId = peerSaeId;
    }

    public string Description => $"upstream ETSI 014 KME {_client.KmeUrl}";

    public async Task<ProducedBlock> ProduceAsync(long offset, int bytes, CancellationToken cancellationToken)
    {
        try
        {
            var status = await StatusAsync(cancellationToken).ConfigureAwait(false);
            var keyBytes = status.KeySize / 8;
            var number = Math.Min(Math.Max(1, bytes / keyBytes), status.MaxKeyPerRequest);
            using var container = await _client.GetKeysAsync(_peerSaeId, new Etsi014KeyRequest { Number = number, Size = status.KeySize }, cancellationToken)
                .ConfigureAwait(false);
            var material = Concatenate(container);
            var message = new BlockMessage { Offset = offset, Length = material.Length, UpstreamKeyIds = [.. container.Keys.Select(k => k.KeyId)] };
            return new ProducedBlock(material, message);
        }
        catch (Exception e) when (e is Etsi014Exception or KmeUnreachableException)
        {
            throw new KeySourceException($"upstream KME: {e.Message}", e);
        }
    }

    /// <summary>
    /// The vendor's status, fetched once and kept only once it passes <see cref="Validate"/>: a
    /// refused status is asked for again next time, so a fixed vendor KME is picked up.
    /// </summary>
    private async Task<Etsi014Status> StatusAsync(CancellationToken cancellationToken)
    {
        if (_status is { } known)
        {
            return known;
        }
        var status = await _client.GetStatusAsync(_peerSaeId, cancellationToken).ConfigureAwait(false);
        Validate(status);
        _status = status;
        return status;
    }

    /// <summary>The status fields key requests are computed from; the vendor's word is not trusted to be sane.</summary>
    private void Validate(Etsi014Status status)
    {
        if (status.KeySize <= 0 || status.KeySize % 8 != 0)
        {
            throw new KeySourceException($"upstream KME {_client.KmeUrl}: status key_size {status.KeySize} is not a positive multiple of 8 bits");
        }
        if (status.KeySize > MaxKeySizeBits)
        {
            throw new KeySourceException($"upstream KME {_client.KmeUrl}: status key_size {status.KeySize} is above {MaxKeySizeBits} bits");
        }
        if (status.MaxKeyPerRequest < 1)
        {
            throw new KeySourceException($"upstream KME {_client.KmeUrl}: status max_key_per_request {status.MaxKeyPerRequest} is below 1");
        }
    }

    public async Task<SecretBytes> ReceiveAsync(BlockMessage block, CancellationToken cancellationToken)
    {
        if (block.UpstreamKeyIds is not { Count: > 0 } keyIds)
        {
            throw new KeySourceException($"block at {block.Offset} names no upstream key IDs");
        }
        try
        {
            using var container = await _client.GetKeysWithIdsAsync(_peerSaeId, keyIds, cancellationToken).ConfigureAwait(false);
            var material = Concatenate(container);
            if (material.Length != block.Length)
            {
                material.Dispose();
                throw new KeySourceException($"upstream keys for block at {block.Offset} hold {material.Length} bytes, not {block.Length}");
            }
            return material;
        }
        catch (Exception e) when (e is Etsi014Exception or KmeUnreachableException)
        {
            throw new KeySourceException($"upstream KME: {e.Message}", e);
        }
    }

    private static SecretBytes Concatenate(Etsi014KeyContainer container)
    {
        var material = new SecretBytes(container.Keys.Sum(k => k.Key.Length));
        var offset = 0;
        foreach (var key in container.Keys)
        {
            key.Key.AsReadOnlySpan().CopyTo(material.AsSpan()[offset..]);
            offset += key.Key.Length;
        }
        return material;
    }

    public void Dispose() => _client.Dispose();
}
