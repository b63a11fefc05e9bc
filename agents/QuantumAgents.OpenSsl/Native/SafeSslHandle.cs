using Microsoft.Win32.SafeHandles;

namespace QuantumAgents.OpenSsl.Native;

/// <summary>An SSL (one connection). Freeing it drops its references to the BIOs and the SSL_CTX.</summary>
internal sealed class SafeSslHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeSslHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibSsl.SSL_free(handle);
        return true;
    }
}
