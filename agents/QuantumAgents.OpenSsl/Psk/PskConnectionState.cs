using System.Runtime.InteropServices;
using QuantumAgents.OpenSsl.Native;

namespace QuantumAgents.OpenSsl.Psk;

/// <summary>
/// What the OpenSSL callbacks of one connection need. Reached from the SSL through ex_data and a
/// GCHandle, which the stream frees only after SSL_free, so a callback never sees a dead object.
/// </summary>
internal abstract class PskConnectionState : IDisposable
{
    private static readonly int ExDataIndex = LibCrypto.NewSslExDataIndex();

    private GCHandle _handle;

    protected PskConnectionState(PskHash hash, PskTlsProtocols protocols)
    {
        Hash = hash;
        Protocols = protocols;
    }

    public PskHash Hash { get; }

    public PskTlsProtocols Protocols { get; }

    /// <summary>An unexpected exception inside a callback (it must not cross into OpenSSL).</summary>
    public Exception? CallbackFailure { get; set; }

    public void Attach(SafeSslHandle ssl)
    {
        _handle = GCHandle.Alloc(this);
        if (LibSsl.SSL_set_ex_data(ssl, ExDataIndex, GCHandle.ToIntPtr(_handle)) != 1)
        {
            ThrowHelper.ThrowOpenSslCallFailed("SSL_set_ex_data");
        }
    }

    /// <summary>The state of <paramref name="ssl"/>, or null if it is not one of ours (or not this role).</summary>
    public static T? Of<T>(nint ssl)
        where T : PskConnectionState
    {
        var pointer = LibSsl.SSL_get_ex_data(ssl, ExDataIndex);
        return pointer == 0 ? null : GCHandle.FromIntPtr(pointer).Target as T;
    }

    /// <summary>Zeroes the key material; called once the handshake is over, successful or not.</summary>
    public abstract void ReleaseKey();

    /// <summary>Call only after SSL_free: no callback can run any more.</summary>
    public void Dispose()
    {
        ReleaseKey();
        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
        DisposeNative();
    }

    protected virtual void DisposeNative()
    {
    }
}
