using System.Runtime.InteropServices;

namespace QuantumAgents.OpenSsl.Native;

/// <summary>libssl: one SSL per connection, its memory BIOs, handshake, records and shutdown.</summary>
internal static unsafe partial class LibSsl
{
    internal const int ErrorNone = 0;
    internal const int ErrorSsl = 1;
    internal const int ErrorWantRead = 2;
    internal const int ErrorSyscall = 5;
    internal const int ErrorZeroReturn = 6;
    internal const int ErrorWantClientHelloCallback = 11;

    [LibraryImport(Library)]
    internal static partial SafeSslHandle SSL_new(SafeSslContextHandle ctx);

    [LibraryImport(Library)]
    internal static partial void SSL_free(nint ssl);

    /// <summary>Takes over one reference to each BIO.</summary>
    [LibraryImport(Library)]
    internal static partial void SSL_set_bio(SafeSslHandle ssl, SafeBioHandle readBio, SafeBioHandle writeBio);

    [LibraryImport(Library)]
    internal static partial void SSL_set_connect_state(SafeSslHandle ssl);

    [LibraryImport(Library)]
    internal static partial void SSL_set_accept_state(SafeSslHandle ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_set_ex_data(SafeSslHandle ssl, int index, nint data);

    [LibraryImport(Library)]
    internal static partial nint SSL_get_ex_data(nint ssl, int index);

    [LibraryImport(Library)]
    internal static partial int SSL_do_handshake(SafeSslHandle ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_get_error(SafeSslHandle ssl, int result);

    [LibraryImport(Library)]
    internal static partial int SSL_read_ex(SafeSslHandle ssl, byte* buffer, nuint length, out nuint read);

    [LibraryImport(Library)]
    internal static partial int SSL_write_ex(SafeSslHandle ssl, byte* buffer, nuint length, out nuint written);

    [LibraryImport(Library)]
    internal static partial int SSL_shutdown(SafeSslHandle ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_version(nint ssl);

    [LibraryImport(Library)]
    internal static partial nint SSL_get_version(SafeSslHandle ssl);

    [LibraryImport(Library)]
    internal static partial nint SSL_get_current_cipher(SafeSslHandle ssl);

    [LibraryImport(Library)]
    internal static partial nint SSL_CIPHER_get_name(nint cipher);

    /// <summary>1 when the session came from a PSK, i.e. our external key was accepted (TLS 1.3).</summary>
    [LibraryImport(Library)]
    internal static partial int SSL_session_reused(SafeSslHandle ssl);
}
