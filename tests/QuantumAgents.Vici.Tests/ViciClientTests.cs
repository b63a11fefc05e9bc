using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Commands;
using QuantumAgents.Vici.Protocol;
using static QuantumAgents.Vici.Tests.Frames;

namespace QuantumAgents.Vici.Tests;

/// <summary>The client against a scripted server: the cases a real charon cannot be made to produce.</summary>
public class ViciClientTests
{
    private static readonly byte[] Confirm = Frame([5]);

    [Fact]
    public async Task Events_arriving_before_the_response_are_not_taken_for_it()
    {
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            await connection.ReadAsync();
            await connection.WriteAsync(Event("log", KeyValue("msg", "noise")), Response(KeyValue("daemon", "fake"), KeyValue("version", "5.9.8")));
            await connection.StallAsync();
        });
        await using var client = new ViciClient(charon.SocketPath);

        var version = await client.VersionAsync();

        Assert.Equal(("fake", "5.9.8"), (version.Daemon, version.Version));
    }

    [Fact]
    public async Task A_streamed_command_registers_collects_its_events_and_unregisters()
    {
        var seen = new List<string>();
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            while (await connection.ReadAsync() is { } packet)
            {
                seen.Add($"{packet.Type} {packet.Name}");
                switch (packet.Type)
                {
                    case ViciPacketType.EventRegister or ViciPacketType.EventUnregister:
                        await connection.WriteAsync(Confirm);
                        break;
                    case ViciPacketType.CommandRequest:
                        await connection.WriteAsync(
                            Event("list-sa", SectionStart("a"), KeyValue("uniqueid", "1"), KeyValue("state", "ESTABLISHED"),
                                SectionStart("child-sas"), SectionStart("net-1"), KeyValue("name", "net"), KeyValue("state", "INSTALLED"),
                                KeyValue("spi-in", "c0ffee01"), KeyValue("bytes-in", "840"), ListStart("local-ts"), ListItem("198.19.200.0/25"), ListEnd,
                                SectionEnd, SectionEnd, SectionEnd),
                            Event("ike-updown", KeyValue("up", "yes")),
                            Event("list-sa", SectionStart("b"), KeyValue("uniqueid", "2"), SectionEnd),
                            Response());
                        break;
                }
            }
        });
        await using var client = new ViciClient(charon.SocketPath);

        var sas = await client.ListSasAsync();

        Assert.Equal(["a", "b"], sas.Select(s => s.Name));
        var child = Assert.Single(sas[0].Children);
        Assert.Equal(("net", "c0ffee01", 840L, true), (child.Name, child.SpiIn, child.BytesIn, child.IsInstalled));
        Assert.Equal(["198.19.200.0/25"], child.LocalTrafficSelectors);
        Assert.Equal(["EventRegister list-sa", "CommandRequest list-sas", "EventUnregister list-sa"], seen);
    }

    [Fact]
    public async Task A_refused_command_carries_charons_errmsg()
    {
        await using var charon = Answering(Response(KeyValue("success", "no"), KeyValue("errmsg", "unload: connection 'x' not found")));
        await using var client = new ViciClient(charon.SocketPath);

        var error = await Assert.ThrowsAsync<ViciCommandException>(() => client.UnloadConnAsync("x"));

        Assert.Equal("unload-conn", error.Command);
        Assert.Equal("unload: connection 'x' not found", error.ErrorMessage);
    }

    [Fact]
    public async Task An_unknown_command_is_its_own_error_and_keeps_the_connection()
    {
        await using var charon = Answering(Frame([2]));
        await using var client = new ViciClient(charon.SocketPath);

        await Assert.ThrowsAsync<ViciUnknownCommandException>(() => client.RequestAsync("no-such-command"));
        await Assert.ThrowsAsync<ViciUnknownCommandException>(() => client.RequestAsync("no-such-command"));

        Assert.Equal(1, client.ConnectionCount);
    }

    [Fact]
    public async Task Garbage_is_a_protocol_error_and_the_next_command_uses_a_new_connection()
    {
        var answers = new Queue<byte[]>([Frame([1, 9, 9, 9]), Response(KeyValue("daemon", "fake"))]);
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            while (await connection.ReadAsync() is not null)
            {
                await connection.WriteAsync(answers.Dequeue());
            }
        });
        await using var client = new ViciClient(charon.SocketPath);

        await Assert.ThrowsAsync<ViciProtocolException>(() => client.VersionAsync());
        Assert.Equal("fake", (await client.VersionAsync()).Daemon);

        Assert.Equal(2, charon.Accepted);
    }

    [Fact]
    public async Task An_oversized_length_is_refused_without_waiting_for_the_body()
    {
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            await connection.ReadAsync();
            await connection.WriteAsync([0x7f, 0xff, 0xff, 0xff]);
            await connection.StallAsync();
        });
        await using var client = new ViciClient(new ViciClientOptions { SocketPath = charon.SocketPath, ResponseTimeout = TimeSpan.FromSeconds(20) });

        var error = await Assert.ThrowsAsync<ViciProtocolException>(() => client.VersionAsync());

        Assert.Contains("2147483647", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_stalls_mid_frame_times_out_instead_of_hanging()
    {
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            await connection.ReadAsync();
            await connection.WriteAsync(Response(KeyValue("daemon", "fake"))[..7]);
            await connection.StallAsync();
        });
        await using var client = new ViciClient(new ViciClientOptions { SocketPath = charon.SocketPath, ResponseTimeout = TimeSpan.FromMilliseconds(300) });

        await Assert.ThrowsAsync<ViciTimeoutException>(() => client.VersionAsync());
    }

    [Fact]
    public async Task A_connection_closed_mid_frame_is_a_truncated_frame()
    {
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            await connection.ReadAsync();
            await connection.WriteAsync(Response(KeyValue("daemon", "fake"))[..7]);
        });
        await using var client = new ViciClient(charon.SocketPath);

        var error = await Assert.ThrowsAsync<ViciProtocolException>(() => client.VersionAsync());

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_callers_are_serialized_and_each_gets_its_own_answer()
    {
        var overlaps = 0;
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            while (await connection.ReadAsync() is { } packet)
            {
                await Task.Delay(5);
                if (connection.Socket.Available > 0)
                {
                    Interlocked.Increment(ref overlaps); // a second request arrived before this answer
                }
                await connection.WriteAsync(Response(KeyValue("echo", packet.Name!)));
            }
        });
        await using var client = new ViciClient(charon.SocketPath);

        var commands = Enumerable.Range(0, 20).Select(i => $"cmd-{i}").ToArray();
        var answers = await Task.WhenAll(commands.Select(async c => (await client.RequestAsync(c)).GetString("echo")));

        Assert.Equal(commands, answers);
        Assert.Equal(0, overlaps);
        Assert.Equal(1, charon.Accepted);
    }

    [Fact]
    public async Task After_the_daemon_restarts_the_next_command_reconnects_and_says_so()
    {
        var path = FakeCharon.NewSocketPath();
        var first = new FakeCharon(path, async connection =>
        {
            await connection.ReadAsync();
            await connection.WriteAsync(Response(KeyValue("daemon", "first")));
        });
        await using var client = new ViciClient(path);
        var reconnected = 0;
        client.Reconnected += (_, _) => reconnected++;
        Assert.Equal("first", (await client.VersionAsync()).Daemon);
        await first.DisposeAsync();

        await Assert.ThrowsAsync<ViciConnectionException>(() => client.VersionAsync());
        await using var second = new FakeCharon(path, async connection =>
        {
            while (await connection.ReadAsync() is not null)
            {
                await connection.WriteAsync(Response(KeyValue("daemon", "second")));
            }
        });
        Assert.Equal("second", (await client.VersionAsync()).Daemon);

        Assert.Equal((2L, 1), (client.ConnectionCount, reconnected));
    }

    [Fact]
    public async Task Load_shared_puts_the_raw_key_bytes_on_the_wire_with_its_id()
    {
        byte[] key = [0x00, 0x9f, 0xff, 0x10, 0x00];
        Protocol.ViciPacket? request = null;
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            request = await connection.ReadAsync();
            await connection.WriteAsync(Response(KeyValue("success", "yes")));
        });
        await using var client = new ViciClient(charon.SocketPath);

        await client.LoadSharedAsync(ViciSharedKeyType.Ppk, "qa-ppk-1", key, ["ppk-1"]);

        var message = request!.Message!;
        Assert.Equal(("qa-ppk-1", "PPK"), (message.GetString("id"), message.GetString("type")));
        Assert.Equal(key, message.Find("data")!.Value.ToArray());
        Assert.Equal(["ppk-1"], message.GetList("owners"));
    }

    private static FakeCharon Answering(byte[] answer) => new(FakeCharon.NewSocketPath(), async connection =>
    {
        while (await connection.ReadAsync() is not null)
        {
            await connection.WriteAsync(answer);
        }
    });
}
