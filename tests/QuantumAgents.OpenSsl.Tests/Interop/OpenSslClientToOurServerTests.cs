using QuantumAgents.Core.Secrets;
using QuantumAgents.OpenSsl.Tests.Support;

namespace QuantumAgents.OpenSsl.Tests.Interop;

/// <summary>The real <c>openssl s_client</c> against our server.</summary>
public sealed class OpenSslClientToOurServerTests : IDisposable
{
    private const string TicketArrived = "New Session Ticket";

    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Tls13_sha384_with_a_psk_session_file_and_no_ticket_issued()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        var session = await PskSessionFile.CreateAsync(_directory.Path, key);
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key));
        using var server = OurServer.Start(serverContext);

        var run = await SClientAsync(server, "hello", "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_session", session, "-psk_identity", identity.ToString());

        var tls = await server.Completion;
        Assert.Equal("TLS_AES_256_GCM_SHA384", tls.NegotiatedCipherSuite);
        Assert.Equal(identity, tls.Identity);
        Assert.Contains("HELLO", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Reused, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384", run.StandardOutput, StringComparison.Ordinal);
        // A ticket would arrive before our reply; s_client prints each one (see the control below).
        Assert.DoesNotContain(TicketArrived, run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_the_ticket_check_sees_the_tickets_openssl_s_server_issues()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        var session = await PskSessionFile.CreateAsync(_directory.Path, key);
        await using var server = await OpenSslServer.StartAsync("-nocert", "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384",
            "-psk_session", session, "-psk_identity", identity.ToString());

        var run = await OpenSslProgram.RunAsync(["s_client", "-connect", $"127.0.0.1:{server.Port}", "-no_ign_eof", "-tls1_3",
            "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_session", session, "-psk_identity", identity.ToString()], "CLOSE\n");

        Assert.Contains(TicketArrived, run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls13_sha256_with_psk_hex()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key), PskHash.Sha256);
        using var server = OurServer.Start(serverContext);

        var run = await SClientAsync(server, "sha256", "-tls1_3", "-psk", Convert.ToHexString(key), "-psk_identity", identity.ToString());

        var tls = await server.Completion;
        Assert.EndsWith("SHA256", tls.NegotiatedCipherSuite, StringComparison.Ordinal);
        Assert.Contains("SHA256", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls12_psk()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key), protocols: PskTlsProtocols.Tls12);
        using var server = OurServer.Start(serverContext);

        var run = await SClientAsync(server, "tls12", "-tls1_2", "-cipher", "PSK-AES256-GCM-SHA384", "-psk", Convert.ToHexString(key), "-psk_identity", identity.ToString());

        var tls = await server.Completion;
        Assert.Equal("TLSv1.2", tls.NegotiatedProtocol);
        Assert.Equal(identity, tls.Identity);
        Assert.Contains("TLS12", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_as_wrong_key()
    {
        var identity = TestKeys.NewIdentity();
        var session = await PskSessionFile.CreateAsync(_directory.Path, TestKeys.NewKey());
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, TestKeys.NewKey()));
        using var server = OurServer.Start(serverContext);

        var run = await SClientAsync(server, "x", "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_session", session, "-psk_identity", identity.ToString());

        var error = await Assert.ThrowsAsync<PskTlsAuthenticationException>(() => server.Completion);
        Assert.Equal(PskTlsError.WrongKey, error.Error);
        Assert.Contains("binder does not verify", error.OpenSslError, StringComparison.Ordinal);
        Assert.Contains("illegal parameter", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_identity_is_refused_with_unknown_psk_identity()
    {
        var known = TestKeys.NewIdentity();
        var offered = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        var session = await PskSessionFile.CreateAsync(_directory.Path, key);
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(known, key));
        using var server = OurServer.Start(serverContext);

        var run = await SClientAsync(server, "x", "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_session", session, "-psk_identity", offered.ToString());

        var error = await Assert.ThrowsAsync<PskTlsAuthenticationException>(() => server.Completion);
        Assert.Equal(PskTlsError.UnknownIdentity, error.Error);
        Assert.Contains(offered.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown psk identity", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identity_not_in_our_format_never_reaches_the_lookup()
    {
        var lookups = 0;
        var key = TestKeys.NewKey();
        var session = await PskSessionFile.CreateAsync(_directory.Path, key);
        using var serverContext = new PskTlsServerContext((_, _) =>
        {
            Interlocked.Increment(ref lookups);
            return ValueTask.FromResult<SecretBytes?>(SecretBytes.CopyFrom(key));
        });
        using var server = OurServer.Start(serverContext);

        await SClientAsync(server, "x", "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_session", session, "-psk_identity", "intruder id");

        var error = await Assert.ThrowsAsync<PskTlsAuthenticationException>(() => server.Completion);
        Assert.Equal(PskTlsError.UnknownIdentity, error.Error);
        Assert.Contains("'intruder id'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, lookups);
    }

    [Fact]
    public async Task A_client_offering_no_psk_is_refused_as_not_using_psk()
    {
        using var serverContext = new PskTlsServerContext((_, _) => ValueTask.FromResult<SecretBytes?>(null));
        using var server = OurServer.Start(serverContext);

        var run = await SClientAsync(server, "x", "-tls1_3");

        var error = await Assert.ThrowsAsync<PskTlsAuthenticationException>(() => server.Completion);
        Assert.Equal(PskTlsError.PeerNotUsingPsk, error.Error);
        Assert.Contains("no suitable signature algorithm", error.OpenSslError, StringComparison.Ordinal);
        Assert.Contains("handshake failure", run.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static Task<OpenSslRun> SClientAsync(OurServer server, string line, params string[] arguments) =>
        OpenSslProgram.RunAsync(["s_client", "-connect", $"127.0.0.1:{server.Port}", "-no_ign_eof", .. arguments], line + "\n");
}
