using QuantumAgents.Core.Secrets;
using QuantumAgents.Integration.Tests.Support;
using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Commands;
using QuantumAgents.Vici.Events;
using Xunit.Abstractions;

namespace QuantumAgents.Integration.Tests;

/// <summary>
/// Our VICI client against two real charon-systemd daemons in network namespaces
/// (kernel-libipsec): everything a tunnel's life needs, done through QuantumAgents.Vici only.
/// </summary>
public class ViciCharonTests(ITestOutputHelper output)
{
    private const string Connection = "qa-vt";
    private const string Child = "net";
    private const string PskId = "qa-vt-psk";
    private const string PpkId = "qa-vt-ppk";
    private const string PpkIdentity = "qa-vt-ppk-identity";

    [Fact]
    public async Task A_psk_tunnel_lives_its_whole_life_through_our_client()
    {
        await using var pair = await CharonPair.StartAsync();
        await using var a = pair.A.CreateClient();
        await using var b = pair.B.CreateClient();
        await using var eventsA = await RecordedEvents.StartAsync(pair.A.SocketPath);
        await using var eventsB = await RecordedEvents.StartAsync(pair.B.SocketPath);

        var version = await a.VersionAsync();
        Assert.Equal("charon-systemd", version.Daemon);
        Assert.StartsWith("5.", version.Version, StringComparison.Ordinal);
        var stats = await a.StatsAsync();
        Assert.Contains("kernel-libipsec", stats.Plugins);
        Assert.Equal(0, stats.IkeSasTotal);

        using (var psk = SecretBytes.Random(32))
        {
            await LoadBothAsync(pair, a, b, psk, psk);
        }
        Assert.Equal([Connection], await a.GetConnsAsync());
        var listed = Assert.Single(await a.ListConnsAsync());
        Assert.Equal([CharonPair.SubnetB], listed.GetSection(Connection)!.GetSection("children")!.GetSection(Child)!.GetList("remote-ts"));
        Assert.Equal([PskId], await b.GetSharedAsync());

        var log = await a.InitiateAsync(Child, Connection);
        Assert.Contains(log, line => line.Contains("established", StringComparison.Ordinal));
        Assert.True(await pair.PingInnerAsync(), "ping through the tunnel failed: " + pair.A.LogTail());

        var ikeA = Assert.Single(await a.ListSasAsync());
        Assert.Equal((Connection, true), (ikeA.Name, ikeA.IsEstablished));
        var childA = Assert.Single(ikeA.Children);
        Assert.True(childA.IsInstalled);
        Assert.Matches("^[0-9a-f]{8}$", childA.SpiIn);
        Assert.True(childA.BytesOut > 0 && childA.BytesIn > 0 && childA.PacketsOut >= 3, $"counters: {childA}");
        output.WriteLine($"{version.Daemon} {version.Version}; SA {ikeA.Name} #{ikeA.UniqueId} {ikeA.State}, child {childA.Name} spi-in {childA.SpiIn} spi-out {childA.SpiOut}, bytes in/out {childA.BytesIn}/{childA.BytesOut}");
        var childB = Assert.Single(Assert.Single(await b.ListSasAsync()).Children);
        Assert.Equal((childA.SpiIn, childA.SpiOut), (childB.SpiOut, childB.SpiIn));

        Assert.Equal(1, (await a.StatsAsync()).IkeSasTotal);
        foreach (var events in new[] { eventsA, eventsB })
        {
            await events.WaitForAsync(e => e.Name == ViciEventNames.IkeUpdown && e.IsUp && e.ConnectionNames.Contains(Connection), "ike-updown up");
            await events.WaitForAsync(e => e.Name == ViciEventNames.ChildUpdown && e.IsUp && e.ConnectionNames.Contains(Connection), "child-updown up");
        }

        Assert.Equal(1, await a.RekeyAsync(ViciSaSelector.Child(Child)));
        await eventsA.WaitForAsync(e => e.Name == ViciEventNames.ChildRekey, "child-rekey");
        await Wait.UntilAsync(async () => (await a.ListSasAsync()).SelectMany(s => s.Children).Any(c => c.IsInstalled && c.SpiIn != childA.SpiIn),
            TimeSpan.FromSeconds(10), "a CHILD_SA with a new SPI");
        Assert.Equal(1, await a.RekeyAsync(ViciSaSelector.Ike(Connection)));
        await eventsA.WaitForAsync(e => e.Name == ViciEventNames.IkeRekey, "ike-rekey");
        Assert.True(await pair.PingInnerAsync(), "ping after the rekeys failed");

        var terminated = await a.TerminateAsync(ViciSaSelector.Ike(Connection));
        Assert.Equal((1L, 1L), (terminated.Matches, terminated.Terminated));
        await eventsB.WaitForAsync(e => e.Name == ViciEventNames.IkeUpdown && !e.IsUp, "ike-updown down on the responder");
        foreach (var client in new[] { a, b })
        {
            await client.UnloadConnAsync(Connection);
            await client.UnloadSharedAsync(PskId);
            Assert.Empty(await client.GetConnsAsync());
            Assert.Empty(await client.GetSharedAsync());
            Assert.Empty(await client.ListSasAsync());
        }
        Assert.False(await pair.PingInnerAsync(count: 1), "ping still passes after the tunnel was torn down");
    }

    [Fact]
    public async Task A_ppk_on_top_of_the_psk_is_negotiated_and_carries_traffic()
    {
        await using var pair = await CharonPair.StartAsync();
        await using var a = pair.A.CreateClient();
        await using var b = pair.B.CreateClient();
        using (var psk = SecretBytes.Random(32))
        using (var ppk = SecretBytes.Random(32))
        {
            await LoadBothAsync(pair, a, b, psk, psk, ppk, ppk);
        }

        await a.InitiateAsync(Child, Connection);

        Assert.True(await pair.PingInnerAsync(), "ping through the PPK tunnel failed: " + pair.A.LogTail());
        Assert.Contains($"using PPK for PPK_ID '{PpkIdentity}'", await File.ReadAllTextAsync(pair.A.LogPath), StringComparison.Ordinal);
        Assert.Equal([PpkId, PskId], (await a.GetSharedAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_wrong_psk_on_one_side_fails_initiate_with_charons_reason()
    {
        await using var pair = await CharonPair.StartAsync();
        await using var a = pair.A.CreateClient();
        await using var b = pair.B.CreateClient();
        using (var pskA = SecretBytes.Random(32))
        using (var pskB = SecretBytes.Random(32))
        {
            await LoadBothAsync(pair, a, b, pskA, pskB);
        }

        var error = await Assert.ThrowsAsync<ViciCommandException>(() => a.InitiateAsync(Child, Connection));

        output.WriteLine(error.Message);
        Assert.Equal("initiate", error.Command);
        Assert.Contains("failed", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(error.Log, line => line.Contains("AUTHENTICATION_FAILED", StringComparison.Ordinal));
        Assert.DoesNotContain(await a.ListSasAsync(), sa => sa.IsEstablished);
    }

    [Fact]
    public async Task After_kill_9_of_charon_the_client_reconnects_and_the_subscription_re_registers()
    {
        await using var pair = await CharonPair.StartAsync();
        await using var a = pair.A.CreateClient();
        await using var b = pair.B.CreateClient();
        await using var eventsA = await RecordedEvents.StartAsync(pair.A.SocketPath);
        var reconnected = 0;
        using (var psk = SecretBytes.Random(32))
        {
            await LoadBothAsync(pair, a, b, psk, psk);
            await a.InitiateAsync(Child, Connection);
            Assert.True(await pair.PingInnerAsync(), "ping before the kill failed");
            a.Reconnected += (_, _) => reconnected++;

            await pair.A.KillCharonAsync();
            await Assert.ThrowsAsync<ViciConnectionException>(() => a.VersionAsync());
            await pair.A.StartCharonAsync();

            await eventsA.WaitForAsync(e => e.Kind == ViciEventKind.Reconnected, "the subscription's reconnection notice");
            Assert.Equal("charon-systemd", (await a.VersionAsync()).Daemon);
            Assert.Equal(1, reconnected);
            Assert.Empty(await a.GetConnsAsync()); // what an agent must reconcile: charon forgot everything
            var upBefore = eventsA.All.Count(e => e.Name == ViciEventNames.IkeUpdown && e.IsUp);

            await a.LoadSharedAsync(ViciSharedKeyType.Ike, PskId, psk, [CharonPair.IdA, CharonPair.IdB]);
        }
        await a.LoadConnAsync(CharonPair.ConfigA(Connection));
        await a.InitiateAsync(Child, Connection);

        await eventsA.WaitForAsync(e => e.Name == ViciEventNames.IkeUpdown && e.IsUp && eventsA.All.Count(x => x.Name == ViciEventNames.IkeUpdown && x.IsUp) > 1,
            "ike-updown up delivered on the re-registered subscription");
        Assert.Equal(1, eventsA.Subscription.Reconnections);
        Assert.True(await pair.PingInnerAsync(), "ping after charon came back failed: " + pair.A.LogTail());

        // Restarted while the client sat idle: the next command notices the dead connection
        // and goes through on a new one, without an error.
        await pair.A.KillCharonAsync();
        await pair.A.StartCharonAsync();
        Assert.Empty(await a.GetConnsAsync());
        Assert.Equal((3L, 2), (a.ConnectionCount, reconnected));
    }

    private static async Task LoadBothAsync(CharonPair pair, ViciClient a, ViciClient b, SecretBytes pskA, SecretBytes pskB, SecretBytes? ppkA = null, SecretBytes? ppkB = null)
    {
        var ppkIdentity = ppkA is null ? null : PpkIdentity;
        await a.LoadSharedAsync(ViciSharedKeyType.Ike, PskId, pskA, [CharonPair.IdA, CharonPair.IdB]);
        await b.LoadSharedAsync(ViciSharedKeyType.Ike, PskId, pskB, [CharonPair.IdA, CharonPair.IdB]);
        if (ppkA is not null && ppkB is not null)
        {
            await a.LoadSharedAsync(ViciSharedKeyType.Ppk, PpkId, ppkA, [PpkIdentity]);
            await b.LoadSharedAsync(ViciSharedKeyType.Ppk, PpkId, ppkB, [PpkIdentity]);
        }
        await a.LoadConnAsync(CharonPair.ConfigA(Connection, ppkIdentity));
        await b.LoadConnAsync(CharonPair.ConfigB(Connection, ppkIdentity));
        Assert.NotNull(pair.A.CharonPid);
    }
}
