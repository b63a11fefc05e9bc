using System.Text;
using QuantumAgents.OpenSsl.Tests.Support;

namespace QuantumAgents.OpenSsl.Tests.Interop;

/// <summary>Our client against the real <c>openssl s_server</c> (no certificate unless the test says so).</summary>
public sealed class OurClientToOpenSslServerTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Tls13_sha384_with_a_psk_session_file()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        var session = await PskSessionFile.CreateAsync(_directory.Path, key);
        await using var server = await OpenSslServer.StartAsync("-nocert", "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384",
            "-psk_session", session, "-psk_identity", identity.ToString());
        using var clientContext = new PskTlsClientContext();

        using var tls = await ConnectAsync(server, clientContext, identity, key);

        Assert.Equal("TLSv1.3", tls.NegotiatedProtocol);
        Assert.Equal("TLS_AES_256_GCM_SHA384", tls.NegotiatedCipherSuite);
        Assert.Equal("olleh", await EchoAsync(tls, "hello"));
    }

    [Fact]
    public async Task Tls13_sha256_with_psk_hex()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        await using var server = await OpenSslServer.StartAsync("-nocert", "-tls1_3", "-psk", Convert.ToHexString(key), "-psk_identity", identity.ToString());
        using var clientContext = new PskTlsClientContext(PskHash.Sha256);

        using var tls = await ConnectAsync(server, clientContext, identity, key);

        Assert.Equal("TLSv1.3", tls.NegotiatedProtocol);
        Assert.EndsWith("SHA256", tls.NegotiatedCipherSuite, StringComparison.Ordinal);
        Assert.Equal("dne-652ahs", await EchoAsync(tls, "sha256-end"));
    }

    [Fact]
    public async Task Tls12_psk()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        await using var server = await OpenSslServer.StartAsync("-nocert", "-tls1_2", "-cipher", "PSK-AES256-GCM-SHA384",
            "-psk", Convert.ToHexString(key), "-psk_identity", identity.ToString());
        using var clientContext = new PskTlsClientContext(protocols: PskTlsProtocols.Tls12);

        using var tls = await ConnectAsync(server, clientContext, identity, key);

        Assert.Equal("TLSv1.2", tls.NegotiatedProtocol);
        Assert.Equal("PSK-AES256-GCM-SHA384", tls.NegotiatedCipherSuite);
        Assert.Equal("21slt", await EchoAsync(tls, "tls12"));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_as_wrong_key()
    {
        var identity = TestKeys.NewIdentity();
        var session = await PskSessionFile.CreateAsync(_directory.Path, TestKeys.NewKey());
        await using var server = await OpenSslServer.StartAsync("-nocert", "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384",
            "-psk_session", session, "-psk_identity", identity.ToString());
        using var clientContext = new PskTlsClientContext();

        var error = await Assert.ThrowsAsync<PskTlsAuthenticationException>(() => ConnectAsync(server, clientContext, identity, TestKeys.NewKey()));

        Assert.Equal(PskTlsError.WrongKey, error.Error);
        Assert.Contains("alert illegal parameter", error.OpenSslError, StringComparison.Ordinal);
        Assert.Contains("binder does not verify", await server.WaitForOutputAsync("binder"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identity_the_server_does_not_know_is_refused_as_unknown_identity()
    {
        var key = TestKeys.NewKey();
        var session = await PskSessionFile.CreateAsync(_directory.Path, key);
        await using var server = await OpenSslServer.StartAsync("-nocert", "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384",
            "-psk_session", session, "-psk_identity", TestKeys.NewIdentity().ToString());
        using var clientContext = new PskTlsClientContext();

        var error = await Assert.ThrowsAsync<PskTlsAuthenticationException>(() => ConnectAsync(server, clientContext, TestKeys.NewIdentity(), key));

        Assert.Equal(PskTlsError.UnknownIdentity, error.Error);
        Assert.Contains("alert handshake failure", error.OpenSslError, StringComparison.Ordinal);
        // s_server found no PSK for the identity and, having no certificate, could not go on.
        Assert.Contains("no suitable signature algorithm", await server.WaitForOutputAsync("no suitable signature algorithm"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_presenting_a_certificate_instead_of_using_the_psk_is_refused()
    {
        var (certificate, certificateKey) = await SelfSignedCertificate.CreateAsync(_directory.Path);
        await using var server = await OpenSslServer.StartAsync("-tls1_3", "-cert", certificate, "-key", certificateKey);
        using var clientContext = new PskTlsClientContext();

        var error = await Assert.ThrowsAsync<PskTlsAuthenticationException>(() => ConnectAsync(server, clientContext, TestKeys.NewIdentity(), TestKeys.NewKey()));

        Assert.Equal(PskTlsError.PeerNotUsingPsk, error.Error);
        Assert.Contains("certificate verify failed", error.OpenSslError, StringComparison.Ordinal);
        // Our client told s_server why: it does not trust any certificate.
        Assert.Contains("alert unknown ca", await server.WaitForOutputAsync("alert unknown ca"), StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<PskTlsStream> ConnectAsync(OpenSslServer server, PskTlsClientContext context, PskIdentity identity, byte[] key)
    {
        var tls = new PskTlsStream(await server.ConnectAsync());
        try
        {
            await tls.AuthenticateAsClientAsync(context, identity, TestKeys.Secret(key)).WaitAsync(TimeSpan.FromSeconds(30));
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> EchoAsync(PskTlsStream tls, string line)
    {
        await tls.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
        var reply = new byte[line.Length + 1];
        await tls.ReadExactlyAsync(reply).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        return Encoding.ASCII.GetString(reply).TrimEnd('\n');
    }
}
