using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Secrets;
using QuantumAgents.OpenSsl.Tests.Support;

namespace QuantumAgents.OpenSsl.Tests;

public sealed class FailureTests
{
    [Theory]
    [InlineData(PskTlsProtocols.Tls13)]
    [InlineData(PskTlsProtocols.Tls12)]
    public async Task A_wrong_key_is_named_on_both_sides(PskTlsProtocols protocols)
    {
        var identity = TestKeys.NewIdentity();
        using var clientContext = new PskTlsClientContext(protocols: protocols);
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, TestKeys.NewKey()), protocols: protocols);
        using var pair = await PskPair.OpenAsync();

        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, identity, TestKeys.NewKey(), serverContext);

        var client = Assert.IsType<PskTlsAuthenticationException>(clientError);
        var server = Assert.IsType<PskTlsAuthenticationException>(serverError);
        Assert.Equal(PskTlsError.WrongKey, client.Error);
        Assert.Equal(PskTlsError.WrongKey, server.Error);
        Assert.Contains(identity.ToString(), server.Message, StringComparison.Ordinal);
        // OpenSSL's own words: the binder (1.3) or the record MAC (1.2) did not verify.
        Assert.Matches(protocols == PskTlsProtocols.Tls13 ? "binder does not verify" : "decryption failed or bad record mac", server.OpenSslError);
        Assert.False(pair.Client.IsAuthenticated);
        Assert.False(pair.Server.IsAuthenticated);
    }

    [Theory]
    [InlineData(PskTlsProtocols.Tls13)]
    [InlineData(PskTlsProtocols.Tls12)]
    public async Task An_unknown_identity_is_named_on_both_sides(PskTlsProtocols protocols)
    {
        var known = TestKeys.NewIdentity();
        var unknown = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var clientContext = new PskTlsClientContext(protocols: protocols);
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(known, key), protocols: protocols);
        using var pair = await PskPair.OpenAsync();

        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, unknown, key, serverContext);

        var client = Assert.IsType<PskTlsAuthenticationException>(clientError);
        var server = Assert.IsType<PskTlsAuthenticationException>(serverError);
        Assert.Equal(PskTlsError.UnknownIdentity, server.Error);
        Assert.Contains(unknown.ToString(), server.Message, StringComparison.Ordinal);
        Assert.Equal(PskTlsError.UnknownIdentity, client.Error);
        Assert.Contains("unknown psk identity", client.OpenSslError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls12_asks_the_lookup_once_for_an_unknown_identity()
    {
        var lookups = 0;
        using var clientContext = new PskTlsClientContext(protocols: PskTlsProtocols.Tls12);
        using var serverContext = new PskTlsServerContext((_, _) =>
        {
            Interlocked.Increment(ref lookups);
            return ValueTask.FromResult<SecretBytes?>(null);
        }, protocols: PskTlsProtocols.Tls12);
        using var pair = await PskPair.OpenAsync();

        // TLS 1.2 looks the identity up in its own callback: once, and an unknown one is named.
        var (_, serverError) = await pair.HandshakeAsync(clientContext, TestKeys.NewIdentity(), TestKeys.NewKey(), serverContext);

        Assert.Equal(PskTlsError.UnknownIdentity, Assert.IsType<PskTlsAuthenticationException>(serverError).Error);
        Assert.Equal(1, lookups);
    }

    [Fact]
    public async Task A_lookup_that_throws_fails_the_handshake_as_key_lookup_failed_with_the_cause()
    {
        var identity = TestKeys.NewIdentity();
        var kme = new Uri("https://198.18.255.3:8443/");
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(async (_, ct) =>
        {
            await Task.Yield();
            throw new KmeUnreachableException(kme, "connection refused");
        });
        using var pair = await PskPair.OpenAsync();

        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, identity, TestKeys.NewKey(), serverContext);

        var server = Assert.IsType<PskTlsAuthenticationException>(serverError);
        Assert.Equal(PskTlsError.KeyLookupFailed, server.Error);
        Assert.IsType<KmeUnreachableException>(server.InnerException);
        Assert.Contains("connection refused", server.Message, StringComparison.Ordinal);
        var client = Assert.IsType<PskTlsAuthenticationException>(clientError);
        Assert.Contains("internal error", client.OpenSslError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sha256_key_offered_to_a_sha384_server_is_refused()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var clientContext = new PskTlsClientContext(PskHash.Sha256);
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key));
        using var pair = await PskPair.OpenAsync();

        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, identity, key, serverContext);

        Assert.IsType<PskTlsAuthenticationException>(clientError);
        Assert.Equal(PskTlsError.ProtocolMismatch, Assert.IsType<PskTlsAuthenticationException>(serverError).Error);
    }

    [Fact]
    public async Task A_peer_that_hangs_up_during_the_handshake_is_named()
    {
        var identity = TestKeys.NewIdentity();
        using var clientContext = new PskTlsClientContext();
        using var connection = await LoopbackConnection.OpenAsync();
        using var client = new PskTlsStream(connection.Client);
        var handshake = client.AuthenticateAsClientAsync(clientContext, identity, TestKeys.Secret(TestKeys.NewKey()));

        var hello = new byte[5];
        await connection.Server.ReadExactlyAsync(hello);
        connection.ServerSocket.Shutdown(System.Net.Sockets.SocketShutdown.Both);

        var error = await Assert.ThrowsAsync<PskTlsAuthenticationException>(() => handshake);
        Assert.Equal(PskTlsError.ConnectionClosed, error.Error);
        Assert.Equal(0x16, hello[0]); // it was a TLS handshake record
    }

    [Fact]
    public async Task Reading_before_the_handshake_is_refused()
    {
        using var connection = await LoopbackConnection.OpenAsync();
        using var stream = new PskTlsStream(connection.Client);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => _ = await stream.ReadAsync(new byte[1]));
    }
}
