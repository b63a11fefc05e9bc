using System.Runtime.InteropServices;

namespace QuantumAgents.OpenSsl.Native;

/// <summary>
/// libssl.so.3, the system OpenSSL 3 (its SONAME: plain "ssl" resolves only with libssl-dev
/// installed). Every signature is blittable, so LibraryImport generates no marshalling beyond
/// SafeHandle reference counting. This file: the SSL_CTX, shared by every connection of a role.
/// </summary>
internal static unsafe partial class LibSsl
{
    internal const string Library = "libssl.so.3";

    internal const int Tls12Version = 0x0303;
    internal const int Tls13Version = 0x0304;

    private const int CtrlMode = 33;
    private const int CtrlSetSessionCacheMode = 44;
    private const int CtrlSetDhAuto = 118;
    private const int CtrlSetMinProtoVersion = 123;
    private const int CtrlSetMaxProtoVersion = 124;

    internal const long ModeAcceptMovingWriteBuffer = 0x2;
    internal const long SessionCacheOff = 0;
    internal const ulong OptionNoTicket = 1UL << 14;
    internal const ulong OptionNoCompression = 1UL << 17;
    internal const ulong OptionNoRenegotiation = 1UL << 30;
    internal const int VerifyPeer = 0x01;

    [LibraryImport(Library)]
    internal static partial nint TLS_client_method();

    [LibraryImport(Library)]
    internal static partial nint TLS_server_method();

    [LibraryImport(Library)]
    internal static partial SafeSslContextHandle SSL_CTX_new(nint method);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_free(nint ctx);

    [LibraryImport(Library)]
    private static partial nint SSL_CTX_ctrl(SafeSslContextHandle ctx, int cmd, nint larg, nint parg);

    [LibraryImport(Library)]
    internal static partial ulong SSL_CTX_set_options(SafeSslContextHandle ctx, ulong options);

    [LibraryImport(Library)]
    internal static partial int SSL_CTX_set_ciphersuites(SafeSslContextHandle ctx, byte* suites);

    [LibraryImport(Library)]
    internal static partial int SSL_CTX_set_cipher_list(SafeSslContextHandle ctx, byte* ciphers);

    [LibraryImport(Library)]
    internal static partial int SSL_CTX_set_num_tickets(SafeSslContextHandle ctx, nuint tickets);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_set_verify(SafeSslContextHandle ctx, int mode, nint callback);

    internal static bool SetMinProtocolVersion(SafeSslContextHandle ctx, int version) =>
        SSL_CTX_ctrl(ctx, CtrlSetMinProtoVersion, version, 0) == 1;

    internal static bool SetMaxProtocolVersion(SafeSslContextHandle ctx, int version) =>
        SSL_CTX_ctrl(ctx, CtrlSetMaxProtoVersion, version, 0) == 1;

    internal static void SetMode(SafeSslContextHandle ctx, long mode) => SSL_CTX_ctrl(ctx, CtrlMode, (nint)mode, 0);

    internal static void SetSessionCacheMode(SafeSslContextHandle ctx, long mode) =>
        SSL_CTX_ctrl(ctx, CtrlSetSessionCacheMode, (nint)mode, 0);

    /// <summary>DHE-PSK suites (TLS 1.2) need DH parameters; "auto" picks them by the suite's strength.</summary>
    internal static void SetDhAuto(SafeSslContextHandle ctx) => SSL_CTX_ctrl(ctx, CtrlSetDhAuto, 1, 0);
}
