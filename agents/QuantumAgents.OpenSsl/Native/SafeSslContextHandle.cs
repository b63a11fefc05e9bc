using Microsoft.Win32.SafeHandles;

namespace QuantumAgents.OpenSsl.Native;

/// <summary>An SSL_CTX; each SSL holds its own reference, so freeing this early is safe.</summary>
internal sealed class SafeSslContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeSslContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibSsl.SSL_CTX_free(handle);
        return true;
    }
}
