using System.Runtime.InteropServices;
using QuantumAgents.OpenSsl.Native;

namespace QuantumAgents.OpenSsl.Psk;

/// <summary>
/// The callbacks OpenSSL calls during a handshake, on the thread that called SSL_do_handshake.
/// Static [UnmanagedCallersOnly] methods: their addresses never move and are never collected. An
/// exception escaping one would kill the process, so each catches everything, records it on the
/// connection and returns OpenSSL's failure value.
/// </summary>
internal static unsafe class PskCallbacks
{
    public static delegate* unmanaged<nint, nint, byte**, nuint*, nint*, int> UseSession => &UseSessionCallback;
    public static delegate* unmanaged<nint, byte*, nuint, nint*, int> FindSession => &FindSessionCallback;
    public static delegate* unmanaged<nint, byte*, byte*, uint, byte*, uint, uint> Tls12Client => &Tls12ClientCallback;
    public static delegate* unmanaged<nint, byte*, byte*, uint, uint> Tls12Server => &Tls12ServerCallback;
    public static delegate* unmanaged<nint, int*, nint, int> ClientHello => &ClientHelloCallback;

    /// <summary>Client, TLS 1.3: offer our key as a session whose suite fixes its hash.</summary>
    [UnmanagedCallersOnly]
    private static int UseSessionCallback(nint ssl, nint md, byte** id, nuint* idLength, nint* session)
    {
        *session = 0;
        *id = null;
        *idLength = 0;
        var state = PskConnectionState.Of<ClientPskState>(ssl);
        try
        {
            if (state is null || state.Key.IsEmpty)
            {
                return 0;
            }
            var cipher = PskSessionFactory.FindCipher(ssl, state.Hash);
            // The second call, after a HelloRetryRequest, names the hash the server chose: a key
            // bound to another hash must not be offered at all.
            if (md != 0 && LibSsl.SSL_CIPHER_get_handshake_digest(cipher) != md)
            {
                return 1;
            }
            var created = PskSessionFactory.Create(ssl, cipher, state.Key);
            if (created == 0)
            {
                return 0;
            }
            *session = created;
            *id = state.IdentityPointer;
            *idLength = (nuint)state.IdentityLength;
            return 1;
        }
        catch (Exception e)
        {
            Record(state, e);
            return 0;
        }
    }

    /// <summary>Server, TLS 1.3: the key the client-hello callback fetched, if this is its identity.</summary>
    [UnmanagedCallersOnly]
    private static int FindSessionCallback(nint ssl, byte* identity, nuint identityLength, nint* session)
    {
        *session = 0;
        var state = PskConnectionState.Of<ServerPskState>(ssl);
        try
        {
            if (state is null || identityLength > PskIdentity.MaxEncodedLength
                || !state.IsOffered(new ReadOnlySpan<byte>(identity, (int)identityLength)) || !state.HasKey)
            {
                return 1; // no session: "not this identity", OpenSSL tries the next or fails
            }
            var created = PskSessionFactory.Create(ssl, PskSessionFactory.FindCipher(ssl, state.Hash), state.Key);
            *session = created;
            return created == 0 ? 0 : 1;
        }
        catch (Exception e)
        {
            Record(state, e);
            return 0;
        }
    }

    /// <summary>
    /// Server: pauses the handshake (SSL_CLIENT_HELLO_RETRY) until the lookup of the offered
    /// identity has finished, so no thread waits for the KME. The handshake loop awaits the lookup
    /// and calls SSL_do_handshake again, which calls this again.
    /// </summary>
    [UnmanagedCallersOnly]
    private static int ClientHelloCallback(nint ssl, int* alert, nint arg)
    {
        var state = PskConnectionState.Of<ServerPskState>(ssl);
        try
        {
            if (state is null)
            {
                *alert = LibSsl.AlertInternalError;
                return LibSsl.ClientHelloError;
            }
            // A TLS 1.2-only server ignores the extension; looking the key up would burn it.
            if (state.Lookup is null && !state.IdentityUnknown && state.Protocols.HasFlag(PskTlsProtocols.Tls13))
            {
                byte* extension;
                nuint length;
                if (LibSsl.SSL_client_hello_get0_ext(ssl, LibSsl.ExtensionPreSharedKey, &extension, &length) != 1)
                {
                    return LibSsl.ClientHelloSuccess; // no PSK offered: OpenSSL fails it for want of a certificate
                }
                if (!ClientHelloPskReader.TryReadFirstIdentity(new ReadOnlySpan<byte>(extension, checked((int)length)), out var offered))
                {
                    *alert = LibSsl.AlertHandshakeFailure;
                    return LibSsl.ClientHelloError;
                }
                if (!state.Begin(offered))
                {
                    *alert = LibSsl.AlertUnknownPskIdentity;
                    return LibSsl.ClientHelloError;
                }
            }
            if (state.Lookup is null)
            {
                return state.IdentityUnknown ? Refuse(alert, LibSsl.AlertUnknownPskIdentity) : LibSsl.ClientHelloSuccess;
            }
            if (!state.Lookup.IsCompleted)
            {
                return LibSsl.ClientHelloRetry;
            }
            if (state.Complete())
            {
                return LibSsl.ClientHelloSuccess;
            }
            // RFC 8446 §6.2: unknown_psk_identity is the server's word for "no such PSK".
            return Refuse(alert, state.LookupFailure is null ? LibSsl.AlertUnknownPskIdentity : LibSsl.AlertInternalError);
        }
        catch (Exception e)
        {
            Record(state, e);
            *alert = LibSsl.AlertInternalError;
            return LibSsl.ClientHelloError;
        }
    }

    /// <summary>
    /// Client, TLS 1.2 only: libssl also calls this while building a TLS 1.3 ClientHello, where it
    /// would bind the key to SHA-256 behind our back; the version guard prevents that.
    /// </summary>
    [UnmanagedCallersOnly]
    private static uint Tls12ClientCallback(nint ssl, byte* hint, byte* identity, uint maxIdentityLength, byte* psk, uint maxPskLength)
    {
        var state = PskConnectionState.Of<ClientPskState>(ssl);
        try
        {
            if (state is null || LibSsl.SSL_version(ssl) != LibSsl.Tls12Version
                || state.IdentityLength + 1 > maxIdentityLength || state.Key.IsEmpty || state.Key.Length > maxPskLength)
            {
                return 0;
            }
            new ReadOnlySpan<byte>(state.IdentityPointer, state.IdentityLength + 1).CopyTo(new Span<byte>(identity, (int)maxIdentityLength));
            state.Key.CopyTo(new Span<byte>(psk, (int)maxPskLength));
            return (uint)state.Key.Length;
        }
        catch (Exception e)
        {
            Record(state, e);
            return 0;
        }
    }

    /// <summary>
    /// Server, TLS 1.2 only. The identity arrives in ClientKeyExchange, long after the
    /// client-hello callback, and OpenSSL 3.0 cannot pause here: this waits for the lookup on the
    /// handshaking thread. That is why TLS 1.2 is an explicit option.
    /// </summary>
    [UnmanagedCallersOnly]
    private static uint Tls12ServerCallback(nint ssl, byte* identity, byte* psk, uint maxPskLength)
    {
        var state = PskConnectionState.Of<ServerPskState>(ssl);
        try
        {
            if (state is null || LibSsl.SSL_version(ssl) != LibSsl.Tls12Version || identity is null)
            {
                return 0;
            }
            var offered = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(identity);
            if (state.Lookup is null && !state.IdentityUnknown && !state.Begin(offered))
            {
                return 0;
            }
            if (!state.IsOffered(offered) || state.Lookup is null)
            {
                return 0;
            }
            ((Task)state.Lookup).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            if (!state.Complete() || state.Key.Length > maxPskLength)
            {
                return 0;
            }
            state.Key.CopyTo(new Span<byte>(psk, (int)maxPskLength));
            return (uint)state.Key.Length;
        }
        catch (Exception e)
        {
            Record(state, e);
            return 0;
        }
    }

    private static int Refuse(int* alert, int value)
    {
        *alert = value;
        return LibSsl.ClientHelloError;
    }

    private static void Record(PskConnectionState? state, Exception e)
    {
        if (state is not null)
        {
            state.CallbackFailure ??= e;
        }
    }
}
