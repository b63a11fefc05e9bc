using QuantumAgents.OpenSsl.Tests.Support;

namespace QuantumAgents.OpenSsl.Tests;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Tls13_with_a_sha384_key_negotiates_aes256_and_carries_data_both_ways()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key));
        using var pair = await PskPair.OpenAsync();

        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, identity, key, serverContext);

        Assert.Null(clientError);
        Assert.Null(serverError);
        foreach (var side in new[] { pair.Client, pair.Server })
        {
            Assert.True(side.IsAuthenticated);
            Assert.Equal("TLSv1.3", side.NegotiatedProtocol);
            Assert.Equal("TLS_AES_256_GCM_SHA384", side.NegotiatedCipherSuite);
            Assert.Equal(identity, side.Identity);
        }
        await pair.Client.WriteAsync("ping"u8.ToArray());
        Assert.Equal("ping", await ReadTextAsync(pair.Server, 4));
        await pair.Server.WriteAsync("pong"u8.ToArray());
        Assert.Equal("pong", await ReadTextAsync(pair.Client, 4));
    }

    [Fact]
    public async Task A_key_bound_to_sha256_negotiates_a_sha256_suite()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var clientContext = new PskTlsClientContext(PskHash.Sha256);
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key), PskHash.Sha256);
        using var pair = await PskPair.OpenAsync();

        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, identity, key, serverContext);

        Assert.Null(clientError);
        Assert.Null(serverError);
        Assert.Contains(pair.Client.NegotiatedCipherSuite, new[] { "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256" });
    }

    [Fact]
    public async Task Tls12_psk_is_an_explicit_option_and_works()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var clientContext = new PskTlsClientContext(protocols: PskTlsProtocols.Tls12);
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key), protocols: PskTlsProtocols.Tls12);
        using var pair = await PskPair.OpenAsync();

        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, identity, key, serverContext);

        Assert.Null(clientError);
        Assert.Null(serverError);
        Assert.Equal("TLSv1.2", pair.Server.NegotiatedProtocol);
        Assert.Contains("PSK", pair.Server.NegotiatedCipherSuite, StringComparison.Ordinal);
        Assert.Equal(identity, pair.Server.Identity);
        await pair.Client.WriteAsync("tls12"u8.ToArray());
        Assert.Equal("tls12", await ReadTextAsync(pair.Server, 5));
    }

    [Fact]
    public async Task A_client_speaking_both_versions_gets_tls13_from_a_server_speaking_both()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        const PskTlsProtocols both = PskTlsProtocols.Tls12 | PskTlsProtocols.Tls13;
        using var clientContext = new PskTlsClientContext(protocols: both);
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key), protocols: both);
        using var pair = await PskPair.OpenAsync();

        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, identity, key, serverContext);

        Assert.Null(clientError);
        Assert.Null(serverError);
        Assert.Equal("TLSv1.3", pair.Client.NegotiatedProtocol);
        Assert.Equal("TLS_AES_256_GCM_SHA384", pair.Client.NegotiatedCipherSuite);
    }

    [Fact]
    public async Task The_synchronous_api_does_the_same_handshake_and_transfer()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key));
        using var pair = await PskPair.OpenAsync();

        var server = Task.Run(() =>
        {
            pair.Server.AuthenticateAsServer(serverContext);
            var buffer = new byte[5];
            pair.Server.ReadExactly(buffer);
            pair.Server.Write(buffer.Reverse().ToArray());
        });
        pair.Client.AuthenticateAsClient(clientContext, identity, TestKeys.Secret(key));
        pair.Client.Write("hello"u8);
        var reply = new byte[5];
        pair.Client.ReadExactly(reply);
        await server.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("olleh", System.Text.Encoding.ASCII.GetString(reply));
    }

    [Fact]
    public async Task The_client_zeroes_its_key_once_the_handshake_is_over()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key));
        using var pair = await PskPair.OpenAsync();
        var clientKey = TestKeys.Secret(key);

        var server = pair.Server.AuthenticateAsServerAsync(serverContext);
        await pair.Client.AuthenticateAsClientAsync(clientContext, identity, clientKey);
        await server;

        Assert.True(clientKey.IsDisposed);
    }

    internal static async Task<string> ReadTextAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }
}
