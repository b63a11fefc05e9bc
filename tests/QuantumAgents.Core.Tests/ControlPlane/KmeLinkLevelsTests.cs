using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Tests.Etsi014;

namespace QuantumAgents.Core.Tests.ControlPlane;

/// <summary>The node's QKD link levels an agent reports, read from a scripted KME.</summary>
public sealed class KmeLinkLevelsTests
{
    private static readonly LinkPeer[] CcsLinks = [new("cait", "cait-ipsec"), new("rectorado", "rectorado-ipsec")];

    [Fact]
    public async Task Each_link_is_read_from_the_status_towards_the_peers_SAE_and_a_link_the_KME_refuses_is_left_out()
    {
        var (kme, handler) = ScriptedKme.Client((request, _) => request.RequestUri!.AbsolutePath switch
        {
            "/api/v1/keys/cait-ipsec/status" => Status(stored: 1200, max: 262144),
            _ => ScriptedKme.Json(HttpStatusCode.ServiceUnavailable, """{"message":"the KME of node rectorado is unreachable"}"""),
        });
        using (kme)
        {
            var levels = new KmeLinkLevels(kme, TimeProvider.System, NullLogger<KmeLinkLevels>.Instance);
            Assert.Empty(levels.Known);

            await levels.RefreshAsync(CcsLinks, CancellationToken.None);

            var cait = Assert.Single(levels.Known);
            Assert.Equal(("cait", 1200L, 262144L), (cait.Peer, cait.StoredKeyCount, cait.MaxKeyCount));
        }
        Assert.Equal(["/api/v1/keys/cait-ipsec/status", "/api/v1/keys/rectorado-ipsec/status"],
            handler.Requests.Select(r => r.Uri.AbsolutePath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_refresh_reads_in_the_background_and_not_again_within_the_interval()
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (kme, handler) = ScriptedKme.Client((_, _) =>
        {
            answered.TrySetResult();
            return Status(stored: 7, max: 9);
        });
        using (kme)
        {
            var levels = new KmeLinkLevels(kme, TimeProvider.System, NullLogger<KmeLinkLevels>.Instance);

            Assert.True(levels.RefreshIfDue([CcsLinks[0]]));
            await answered.Task.WaitAsync(TimeSpan.FromSeconds(10));
            for (var waited = 0; levels.Known.Count == 0 && waited < 1000; waited++)
            {
                await Task.Delay(10);
            }

            Assert.False(levels.RefreshIfDue([CcsLinks[0]]));
            Assert.False(levels.RefreshIfDue(CcsLinks));
            Assert.Single(handler.Requests);
            Assert.Equal(7, Assert.Single(levels.Known).StoredKeyCount);
        }
    }

    [Fact]
    public async Task On_its_clock_a_read_is_due_again_after_the_interval_and_dated_when_it_was_made()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.Zero));
        var (kme, handler) = ScriptedKme.Client((_, _) => Status(stored: 7, max: 9));
        using (kme)
        {
            var levels = new KmeLinkLevels(kme, time, NullLogger<KmeLinkLevels>.Instance);
            await levels.RefreshAsync([CcsLinks[0]], CancellationToken.None);
            Assert.Equal(time.GetUtcNow(), Assert.Single(levels.Known).ReadAt);

            time.Advance(KmeLinkLevels.RefreshInterval - TimeSpan.FromTicks(1));
            Assert.False(levels.RefreshIfDue([CcsLinks[0]]));
            time.Advance(TimeSpan.FromTicks(1));
            Assert.True(levels.RefreshIfDue([CcsLinks[0]]));
            for (var waited = 0; handler.Requests.Count < 2 && waited < 1000; waited++)
            {
                await Task.Delay(10);
            }
            Assert.Equal(2, handler.Requests.Count);
        }
    }

    private static HttpResponseMessage Status(long stored, long max) => ScriptedKme.Json(HttpStatusCode.OK, $$"""
        {"source_KME_ID":"kme-ccs","target_KME_ID":"kme-cait","master_SAE_ID":"ccs-ipsec","slave_SAE_ID":"cait-ipsec","key_size":256,
         "stored_key_count":{{stored}},"max_key_count":{{max}},"max_key_per_request":128,"max_key_size":1024,"min_key_size":64,"max_SAE_ID_count":0}
        """);
}
