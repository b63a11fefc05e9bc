using System.Security.Cryptography;
using QuantumAgents.EndToEnd.Tests.Support;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests;

/// <summary>
/// Service 5: TLS keyed by QKD, cait → rectorado, as a user meets it: a session created over
/// REST, then plain TCP from cait's client network to the node, TLS 1.3 PSK between the agents,
/// plain TCP again to a server in rectorado's client network.
/// </summary>
[Collection(TestbedGroup.Name)]
public sealed class TlsSessionTests(TestbedFixture fixture)
{
    private const int TransferBytes = 64 * 1024 * 1024;
    private const int HttpListenPort = 18511;
    private const int RawListenPort = 18512;

    private Testbed Testbed => fixture.Testbed;

    [Fact]
    public async Task A_session_carries_an_HTTP_request_and_64_MiB_each_way_byte_exact_with_one_fresh_key_per_connection()
    {
        Prerequisites.RequireRootAndPrograms("ip", "curl", "python3", "sha256sum", "sqlite3");
        var cait = ClientSide.Load("cait");
        var rectorado = ClientSide.Load("rectorado");
        var api = new TenantApi(Testbed, Testbed.ControlPlane.TenantToken);
        var site = Directory.CreateTempSubdirectory("qa-e2e-tls-");
        try
        {
            var page = $"<p>quantum-keyed {Guid.NewGuid()}</p>\n";
            await File.WriteAllTextAsync(Path.Combine(site.FullName, "index.html"), page);
            var payload = Path.Combine(site.FullName, "payload.bin");
            await File.WriteAllBytesAsync(payload, RandomNumberGenerator.GetBytes(TransferBytes));
            await using var http = await NamespacedHttpServer.StartAsync(rectorado.Netns, rectorado.Address, 18010, site.FullName, probeNetns: Testbed.Nodes["rectorado"].Netns);
            await using var sink = await HashingTcpSink.StartAsync(rectorado.Netns, rectorado.Address, 18011);
            var httpSession = (await api.CreateSessionAsync("cait", "rectorado", HttpListenPort, http.Endpoint)).GetProperty("id").GetString()!;
            var rawSession = (await api.CreateSessionAsync("cait", "rectorado", RawListenPort, sink.Endpoint)).GetProperty("id").GetString()!;
            var keysBefore = await Ledger.SlaveDeliveriesAsync("rectorado", "-tls");
            var through = $"http://{cait.Gateway}:{HttpListenPort}";

            // The request, from a user's machine in cait's client network.
            var fetched = await Netns.RunCheckedAsync(cait.Netns, "curl", "-sS", "--fail", "--max-time", "20", $"{through}/index.html");
            Assert.Equal(page, fetched);

            // 64 MiB rectorado → cait: hashed where it is served and where it lands.
            var downloaded = Path.Combine(site.FullName, "downloaded.bin");
            await Netns.RunCheckedAsync(cait.Netns, "curl", "-sS", "--fail", "--max-time", "120", "-o", downloaded, $"{through}/payload.bin");
            var served = Sha256Of(await Netns.RunCheckedAsync(rectorado.Netns, "sha256sum", payload));
            Assert.Equal(served, Sha256Of(await Netns.RunCheckedAsync(cait.Netns, "sha256sum", downloaded)));
            Assert.Equal(TransferBytes, new FileInfo(downloaded).Length);

            // 64 MiB cait → rectorado over the raw session, half-closed: the far end counts and hashes what arrived.
            var (received, hash) = await HashingTcpSender.SendAsync(cait.Netns, cait.Gateway, RawListenPort, payload);
            Assert.Equal(TransferBytes, received);
            Assert.Equal(served, hash);

            // Three connections, three keys: each one a new key_ID rectorado's KME handed its TLS agent once.
            var newKeys = (await Ledger.SlaveDeliveriesAsync("rectorado", "-tls")).Except(keysBefore).ToList();
            Assert.Equal(3, newKeys.Count);
            Assert.Equal(3, newKeys.Select(k => k.KeyId).Distinct().Count());
            Assert.All(newKeys, k => Assert.Equal("rectorado-tls", k.Sae));

            await api.DeleteAsync($"/tls/sessions/{httpSession}");
            await api.DeleteAsync($"/tls/sessions/{rawSession}");
            var refused = await Netns.RunAsync(cait.Netns, "curl", "-sS", "--max-time", "5", "-o", "/dev/null", $"{through}/index.html");
            Assert.True(refused.ExitCode == 7, $"curl exit {refused.ExitCode} after DELETE (7 = connection refused): {refused.StandardError}");
        }
        finally
        {
            site.Delete(recursive: true);
        }
    }

    private static string Sha256Of(string sha256sumOutput) => sha256sumOutput.Split(' ')[0];
}
