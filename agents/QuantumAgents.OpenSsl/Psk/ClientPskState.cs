using System.Runtime.InteropServices;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.OpenSsl.Psk;

/// <summary>
/// A client's identity and key. The identity lives in native memory because OpenSSL keeps the
/// pointer the use-session callback returns beyond the callback.
/// </summary>
internal sealed unsafe class ClientPskState : PskConnectionState
{
    private SecretBytes? _key;

    public ClientPskState(PskIdentity identity, SecretBytes key, PskHash hash, PskTlsProtocols protocols)
        : base(hash, protocols)
    {
        Identity = identity;
        _key = key;
        var bytes = identity.ToBytes();
        IdentityLength = bytes.Length;
        IdentityPointer = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(IdentityPointer, bytes.Length));
        IdentityPointer[bytes.Length] = 0;
    }

    public PskIdentity Identity { get; }

    /// <summary>NUL-terminated, for the TLS 1.2 callback as well.</summary>
    public byte* IdentityPointer { get; private set; }

    public int IdentityLength { get; }

    /// <summary>The key while the handshake runs; empty afterwards.</summary>
    public ReadOnlySpan<byte> Key => _key is { IsDisposed: false } key ? key.AsReadOnlySpan() : default;

    public override void ReleaseKey()
    {
        _key?.Dispose();
        _key = null;
    }

    protected override void DisposeNative()
    {
        NativeMemory.Free(IdentityPointer);
        IdentityPointer = null;
    }
}
