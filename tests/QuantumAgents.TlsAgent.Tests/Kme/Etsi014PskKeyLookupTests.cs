using System.Net;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.OpenSsl;
using QuantumAgents.OpenSsl.Tests.Support;
using QuantumAgents.TlsAgent.Kme;
using QuantumAgents.TlsAgent.Tests.Support;

namespace QuantumAgents.TlsAgent.Tests.Kme;

public sealed class Etsi014PskKeyLookupTests
{
    [Fact]
    public async Task The_server_redeems_the_identity_with_dec_keys_and_completes_the_handshake()
    {
        var identity = TestKeys.NewIdentity("cait-tls");
        var key = TestKeys.NewKey();
        using var kme = new ScriptedKme(_ => ScriptedKme.Keys(identity.KeyId, key));

        var (clientError, serverError) = await HandshakeAsync(kme, identity, key);

        Assert.Null(clientError);
        Assert.Null(serverError);
        var request = Assert.Single(kme.Requests);
        Assert.StartsWith("POST /api/v1/keys/cait-tls/dec_keys ", request, StringComparison.Ordinal);
        Assert.Contains(identity.KeyId, request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_the_kme_refuses_is_an_unknown_identity_with_the_kmes_reason()
    {
        var identity = TestKeys.NewIdentity();
        using var kme = new ScriptedKme(_ => ScriptedKme.Error(HttpStatusCode.BadRequest, $"key_ID {identity.KeyId} was already delivered to SAE 'rectorado-tls'"));

        var (clientError, serverError) = await HandshakeAsync(kme, identity, TestKeys.NewKey());

        var server = Assert.IsType<PskTlsAuthenticationException>(serverError);
        Assert.Equal(PskTlsError.UnknownIdentity, server.Error);
        Assert.Contains("already delivered", server.Message, StringComparison.Ordinal);
        Assert.Equal(PskTlsError.UnknownIdentity, Assert.IsType<PskTlsAuthenticationException>(clientError).Error);
    }

    [Fact]
    public async Task An_unreachable_kme_fails_the_lookup_and_the_handshake_says_so()
    {
        var identity = TestKeys.NewIdentity();
        using var kme = new ScriptedKme(_ => throw new HttpRequestException("Connection refused (kme-ccs.example:8443)"));

        var (_, serverError) = await HandshakeAsync(kme, identity, TestKeys.NewKey());

        var server = Assert.IsType<PskTlsAuthenticationException>(serverError);
        Assert.Equal(PskTlsError.KeyLookupFailed, server.Error);
        Assert.IsType<KmeUnreachableException>(server.InnerException);
        Assert.Contains("Connection refused", server.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kme_out_of_key_fails_the_lookup_not_the_identity()
    {
        var identity = TestKeys.NewIdentity();
        using var kme = new ScriptedKme(_ => ScriptedKme.Error(HttpStatusCode.ServiceUnavailable, "no key available"));

        var (_, serverError) = await HandshakeAsync(kme, identity, TestKeys.NewKey());

        var server = Assert.IsType<PskTlsAuthenticationException>(serverError);
        Assert.Equal(PskTlsError.KeyLookupFailed, server.Error);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, Assert.IsType<Etsi014Exception>(server.InnerException).StatusCode);
    }

    private static async Task<(Exception? Client, Exception? Server)> HandshakeAsync(ScriptedKme kme, PskIdentity identity, byte[] key)
    {
        using var etsi014 = kme.Client();
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(Etsi014PskKeyLookup.Create(etsi014));
        using var pair = await PskPair.OpenAsync();
        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, identity, key, serverContext);
        return (clientError, serverError);
    }
}
