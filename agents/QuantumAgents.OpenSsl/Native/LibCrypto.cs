using System.Runtime.InteropServices;

namespace QuantumAgents.OpenSsl.Native;

/// <summary>libcrypto.so.3: the error queue, memory BIOs and ex_data indexes.</summary>
internal static unsafe partial class LibCrypto
{
    internal const string Library = "libcrypto.so.3";

    private const int CryptoExIndexSsl = 0;
    private const int BioCtrlPending = 10;

    internal const int ErrorLibrarySsl = 20;

    [LibraryImport(Library)]
    internal static partial void ERR_clear_error();

    [LibraryImport(Library)]
    internal static partial nuint ERR_get_error();

    [LibraryImport(Library)]
    internal static partial void ERR_error_string_n(nuint error, byte* buffer, nuint length);

    [LibraryImport(Library)]
    internal static partial nint BIO_s_mem();

    [LibraryImport(Library)]
    internal static partial SafeBioHandle BIO_new(nint method);

    [LibraryImport(Library)]
    internal static partial int BIO_up_ref(SafeBioHandle bio);

    [LibraryImport(Library)]
    internal static partial int BIO_free(nint bio);

    [LibraryImport(Library)]
    internal static partial int BIO_read(SafeBioHandle bio, byte* buffer, int length);

    [LibraryImport(Library)]
    internal static partial int BIO_write(SafeBioHandle bio, byte* buffer, int length);

    [LibraryImport(Library)]
    private static partial nint BIO_ctrl(SafeBioHandle bio, int cmd, nint larg, nint parg);

    [LibraryImport(Library)]
    private static partial int CRYPTO_get_ex_new_index(int classIndex, nint argl, nint argp, nint newFunc, nint dupFunc, nint freeFunc);

    internal static int Pending(SafeBioHandle bio) => (int)BIO_ctrl(bio, BioCtrlPending, 0, 0);

    /// <summary>A slot on every SSL for our per-connection state (a GCHandle).</summary>
    internal static int NewSslExDataIndex() => CRYPTO_get_ex_new_index(CryptoExIndexSsl, 0, 0, 0, 0, 0);

    /// <summary>The library and reason of a packed error code (OpenSSL 3: ERR_GET_LIB / ERR_GET_REASON).</summary>
    internal static (int Library, int Reason) Split(nuint error) =>
        (error & (nuint)0x8000_0000) != 0
            ? (0, 0) // a system (errno) error: not an SSL reason
            : ((int)((error >> 23) & 0xFF), (int)(error & 0x7F_FFFF));
}
