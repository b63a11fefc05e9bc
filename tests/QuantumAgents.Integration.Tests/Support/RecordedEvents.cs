using System.Collections.Concurrent;
using QuantumAgents.Vici.Events;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>Everything a <see cref="ViciEventSubscription"/> delivers, kept for assertions.</summary>
public sealed class RecordedEvents : IAsyncDisposable
{
    private readonly ConcurrentQueue<ViciEvent> _events = new();
    private readonly ViciEventSubscription _subscription;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private RecordedEvents(ViciEventSubscription subscription)
    {
        _subscription = subscription;
        _reading = ReadAsync();
    }

    public ViciEventSubscription Subscription => _subscription;

    public IReadOnlyList<ViciEvent> All => [.. _events];

    public static async Task<RecordedEvents> StartAsync(string socketPath) =>
        new(await ViciEventSubscription.StartAsync(new ViciSubscriptionOptions { SocketPath = socketPath, Events = ViciEventNames.SaLifecycle }));

    /// <summary>Waits for an event that satisfies <paramref name="match"/>, already received or still to come.</summary>
    public async Task<ViciEvent> WaitForAsync(Func<ViciEvent, bool> match, string what, TimeSpan? timeout = null)
    {
        ViciEvent? found = null;
        await Wait.UntilAsync(() => Task.FromResult((found = _events.FirstOrDefault(match)) is not null), timeout ?? TimeSpan.FromSeconds(20),
            $"{what}; received: {string.Join(" | ", _events)}");
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _subscription.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        await foreach (var item in _subscription.ReadAllAsync(_stop.Token))
        {
            _events.Enqueue(item);
        }
    }
}
