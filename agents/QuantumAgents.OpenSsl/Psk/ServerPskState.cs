using QuantumAgents.Core.Secrets;

namespace QuantumAgents.OpenSsl.Psk;

/// <summary>
/// A server connection's key lookup: started when the ClientHello names an identity, awaited by
/// the handshake loop, its result (a key, "unknown" or a failure) read by the PSK callbacks.
/// </summary>
internal sealed class ServerPskState : PskConnectionState
{
    private readonly PskKeyLookup _lookup;
    private readonly CancellationToken _cancellationToken;
    private SecretBytes? _key;
    private byte[]? _offeredIdentity;
    private bool _released;

    public ServerPskState(PskKeyLookup lookup, PskHash hash, PskTlsProtocols protocols, CancellationToken cancellationToken)
        : base(hash, protocols)
    {
        _lookup = lookup;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The identity the client offered, as text for errors (null: it offered none).</summary>
    public string? OfferedIdentity { get; private set; }

    public PskIdentity? Identity { get; private set; }

    public Task<SecretBytes?>? Lookup { get; private set; }

    public bool IdentityUnknown { get; private set; }

    public Exception? LookupFailure { get; private set; }

    /// <summary>Why the lookup found no key, if it said (<see cref="UnknownPskIdentityException"/>).</summary>
    public string? UnknownReason { get; private set; }

    public ReadOnlySpan<byte> Key => _key is { IsDisposed: false } key ? key.AsReadOnlySpan() : default;

    public bool HasKey => _key is { IsDisposed: false };

    /// <summary>Records the offered identity and starts its lookup; false if it is not an identity of ours.</summary>
    public bool Begin(ReadOnlySpan<byte> offered)
    {
        _offeredIdentity = offered.ToArray();
        OfferedIdentity = Printable(offered);
        if (!PskIdentity.TryParse(offered, out var identity))
        {
            IdentityUnknown = true;
            return false;
        }
        Identity = identity;
        try
        {
            Lookup = _lookup(identity, _cancellationToken).AsTask();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Lookup = Task.FromException<SecretBytes?>(e);
        }
        return true;
    }

    /// <summary>The peer's bytes as they may appear in an error message: printable ASCII, bounded.</summary>
    private static string Printable(ReadOnlySpan<byte> offered)
    {
        const int shown = PskIdentity.MaxEncodedLength;
        var text = new char[Math.Min(offered.Length, shown)];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = offered[i] is >= 0x20 and <= 0x7E ? (char)offered[i] : '?';
        }
        return offered.Length > shown ? new string(text) + "..." : new string(text);
    }

    public bool IsOffered(ReadOnlySpan<byte> identity) => _offeredIdentity is { } offered && identity.SequenceEqual(offered);

    /// <summary>Takes the finished lookup's result; true if a key is there to use.</summary>
    public bool Complete()
    {
        if (_released || _key is not null || IdentityUnknown || LookupFailure is not null)
        {
            return HasKey;
        }
        var lookup = Lookup!;
        if (lookup.IsCompletedSuccessfully)
        {
            _key = lookup.Result;
            IdentityUnknown = _key is null;
        }
        else if (lookup.Exception?.InnerException is UnknownPskIdentityException unknown)
        {
            IdentityUnknown = true;
            UnknownReason = unknown.Message;
        }
        else
        {
            LookupFailure = lookup.Exception?.InnerException ?? new OperationCanceledException("the key lookup was cancelled");
        }
        return HasKey;
    }

    public override void ReleaseKey()
    {
        _released = true;
        _key = null;
        switch (Lookup)
        {
            case null:
                break;
            case { IsCompleted: true }:
                if (Lookup.IsCompletedSuccessfully)
                {
                    Lookup.Result?.Dispose();
                }
                break;
            default:
                // Still running when the handshake is abandoned: zero its key when it arrives.
                Lookup.ContinueWith(static t => t.Result?.Dispose(), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                break;
        }
    }
}
