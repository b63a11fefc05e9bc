using Microsoft.Win32.SafeHandles;

namespace QuantumAgents.OpenSsl.Native;

/// <summary>
/// A memory BIO. BIOs are reference counted: the SSL and this handle each hold one, so the BIO
/// stays valid for whichever of the two is freed last.
/// </summary>
internal sealed class SafeBioHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeBioHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        return LibCrypto.BIO_free(handle) == 1;
    }
}
