using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Events;
using QuantumAgents.Vici.Protocol;
using static QuantumAgents.Vici.Tests.Frames;

namespace QuantumAgents.Vici.Tests;

public class ViciEventSubscriptionTests
{
    private static readonly byte[] Confirm = Frame([5]);

    [Fact]
    public async Task Delivers_events_and_after_a_lost_connection_re_registers_and_signals_it()
    {
        var registrations = new List<string>();
        var connections = 0;
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            var generation = Interlocked.Increment(ref connections);
            for (var i = 0; i < 2; i++)
            {
                var packet = await connection.ReadAsync();
                lock (registrations)
                {
                    registrations.Add($"{packet!.Type} {packet.Name}");
                }
                await connection.WriteAsync(Confirm);
            }
            await connection.WriteAsync(Event("ike-updown", KeyValue("up", "yes"), SectionStart($"conn-{generation}"), SectionEnd));
            if (generation == 1)
            {
                return; // hang up, as a killed charon does
            }
            await connection.StallAsync();
        });
        await using var subscription = await ViciEventSubscription.StartAsync(new ViciSubscriptionOptions
        {
            SocketPath = charon.SocketPath,
            Events = [ViciEventNames.IkeUpdown, ViciEventNames.ChildUpdown],
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<ViciEvent>();
        await foreach (var item in subscription.ReadAllAsync(timeout.Token))
        {
            received.Add(item);
            if (received.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([ViciEventKind.Event, ViciEventKind.Reconnected, ViciEventKind.Event], received.Select(e => e.Kind));
        Assert.Equal(["conn-1"], received[0].ConnectionNames);
        Assert.True(received[0].IsUp);
        Assert.Equal(["conn-2"], received[2].ConnectionNames);
        Assert.Equal(1, subscription.Reconnections);
        Assert.Equal(Enumerable.Repeat(new[] { "EventRegister ike-updown", "EventRegister child-updown" }, 2).SelectMany(r => r), registrations);
    }

    [Fact]
    public async Task An_event_charon_does_not_know_fails_the_start()
    {
        await using var charon = new FakeCharon(FakeCharon.NewSocketPath(), async connection =>
        {
            await connection.ReadAsync();
            await connection.WriteAsync(Frame([6]));
            await connection.StallAsync();
        });

        var error = await Assert.ThrowsAsync<ViciUnknownEventException>(() => ViciEventSubscription.StartAsync(new ViciSubscriptionOptions
        {
            SocketPath = charon.SocketPath,
            Events = ["no-such-event"],
        }));

        Assert.Contains("no-such-event", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_without_a_daemon_is_a_connection_error_naming_the_socket()
    {
        var path = FakeCharon.NewSocketPath();

        var error = await Assert.ThrowsAsync<ViciConnectionException>(() => ViciEventSubscription.StartAsync(new ViciSubscriptionOptions
        {
            SocketPath = path,
            Events = [ViciEventNames.IkeUpdown],
        }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
