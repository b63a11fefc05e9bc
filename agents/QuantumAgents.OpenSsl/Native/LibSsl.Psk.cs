using System.Runtime.InteropServices;

namespace QuantumAgents.OpenSsl.Native;

/// <summary>
/// libssl: the external-PSK hooks. TLS 1.3 uses the session callbacks (they let the key carry its
/// hash); TLS 1.2 the classic identity/key callbacks; the server's client-hello callback lets
/// the handshake pause while the key is fetched.
/// </summary>
internal static unsafe partial class LibSsl
{
    internal const int ClientHelloSuccess = 1;
    internal const int ClientHelloError = 0;
    internal const int ClientHelloRetry = -1;

    internal const int AlertBadRecordMac = 20;
    internal const int AlertHandshakeFailure = 40;
    internal const int AlertIllegalParameter = 47;
    internal const int AlertDecodeError = 50;
    internal const int AlertDecryptError = 51;
    internal const int AlertProtocolVersion = 70;
    internal const int AlertInternalError = 80;
    internal const int AlertUnknownPskIdentity = 115;

    /// <summary>The pre_shared_key extension of a ClientHello.</summary>
    internal const uint ExtensionPreSharedKey = 41;

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_set_psk_use_session_callback(
        SafeSslContextHandle ctx, delegate* unmanaged<nint, nint, byte**, nuint*, nint*, int> callback);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_set_psk_find_session_callback(
        SafeSslContextHandle ctx, delegate* unmanaged<nint, byte*, nuint, nint*, int> callback);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_set_psk_client_callback(
        SafeSslContextHandle ctx, delegate* unmanaged<nint, byte*, byte*, uint, byte*, uint, uint> callback);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_set_psk_server_callback(
        SafeSslContextHandle ctx, delegate* unmanaged<nint, byte*, byte*, uint, uint> callback);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_set_client_hello_cb(
        SafeSslContextHandle ctx, delegate* unmanaged<nint, int*, nint, int> callback, nint arg);

    [LibraryImport(Library)]
    internal static partial int SSL_client_hello_get0_ext(nint ssl, uint type, byte** data, nuint* length);

    /// <summary>A suite by its two-byte IANA code, e.g. {0x13, 0x02} for TLS_AES_256_GCM_SHA384.</summary>
    [LibraryImport(Library)]
    internal static partial nint SSL_CIPHER_find(nint ssl, byte* code);

    [LibraryImport(Library)]
    internal static partial nint SSL_CIPHER_get_handshake_digest(nint cipher);

    [LibraryImport(Library)]
    internal static partial nint SSL_SESSION_new();

    [LibraryImport(Library)]
    internal static partial void SSL_SESSION_free(nint session);

    [LibraryImport(Library)]
    internal static partial int SSL_SESSION_set1_master_key(nint session, byte* key, nuint length);

    [LibraryImport(Library)]
    internal static partial int SSL_SESSION_set_cipher(nint session, nint cipher);

    [LibraryImport(Library)]
    internal static partial int SSL_SESSION_set_protocol_version(nint session, int version);
}
