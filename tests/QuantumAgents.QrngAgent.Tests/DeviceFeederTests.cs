using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Entropy.Health;
using QuantumAgents.Integration.Tests.Support;
using QuantumAgents.QrngAgent.Device;
using QuantumAgents.QrngAgent.Feeding;
using QuantumAgents.QrngAgent.Tests.Support;

namespace QuantumAgents.QrngAgent.Tests;

/// <summary>
/// The feeder against an in-memory /dev/qrng and sources whose every byte is known: what
/// reaches the device is exactly a prefix of what the source gave, and never a byte of a
/// batch in which a health test fired.
/// </summary>
public sealed class DeviceFeederTests
{
    private const double MinEntropyPerByte = 6;
    private const int Batch = 4096;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_healthy_source_reaches_the_device_byte_for_byte_in_order()
    {
        var good = ScriptedSource.GoodBytes(1 << 20);
        var source = new ScriptedSource(i => good[i % good.Length]);
        var device = new FakeQrngDevice(capacity: 64 * 1024);
        await using var run = FeederRun.Start(HealthTested(source), device);

        await Wait.UntilAsync(() => Task.FromResult(device.Received.Length >= 256 * 1024), Timeout, "256 KiB fed");
        await run.StopAsync();

        var received = device.Received;
        Assert.Equal(Repeated(good, received.Length), received);
        var status = run.Status.Snapshot();
        Assert.Equal(FeederState.Feeding, status.State);
        Assert.Equal(received.Length, status.BytesFed);
        Assert.Equal(0, status.SourceFailures);
    }

    [Fact]
    public async Task A_source_that_gets_stuck_is_cut_off_before_any_stuck_byte_reaches_the_device()
    {
        const int goodLength = 100_000; // not a multiple of anything the feeder or the tests use
        const byte stuck = 0xA5;
        var good = ScriptedSource.GoodBytes(goodLength);
        var source = new ScriptedSource(i => i < goodLength ? good[i] : stuck);
        var device = new FakeQrngDevice(capacity: 64 * 1024);
        await using var run = FeederRun.Start(HealthTested(source), device);

        await Wait.UntilAsync(() => Task.FromResult(run.Status.Snapshot().SourceFailures >= 2), Timeout, "the stuck source to fail twice");
        await run.StopAsync();

        var received = device.Received;
        // A prefix of the good bytes, so no byte of the stuck run (which starts at goodLength) is there.
        Assert.True(received.Length <= goodLength, $"{received.Length} bytes written, only {goodLength} were good");
        Assert.Equal(Repeated(good, received.Length), received);
        Assert.True(received.Length > 0, "the good bytes before the source got stuck were fed");
        var status = run.Status.Snapshot();
        Assert.Equal(FeederState.SourceOutOfService, status.State);
        Assert.Contains("repetition count test", status.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_that_turns_biased_is_cut_off_by_the_adaptive_proportion_test()
    {
        const int goodLength = 64 * 1024;
        var good = ScriptedSource.GoodBytes(goodLength);
        // Two values alternating: no run for the repetition test, but each is half of every window.
        var source = new ScriptedSource(i => i < goodLength ? good[i] : (byte)(i % 2));
        var device = new FakeQrngDevice(capacity: 1 << 20);
        var tested = HealthTested(source);
        await using var run = FeederRun.Start(tested, device);

        await Wait.UntilAsync(() => Task.FromResult(run.Status.Snapshot().SourceFailures >= 1), Timeout, "the biased source to fail");
        await run.StopAsync();

        var received = device.Received;
        Assert.Equal(good.AsSpan(0, Math.Min(received.Length, goodLength)).ToArray(), received.AsSpan(0, Math.Min(received.Length, goodLength)).ToArray());
        // Only bytes before the test fired can have been handed out: at most the first cutoff-1 of the biased run.
        Assert.True(received.Length < goodLength + tested.ProportionCutoff,
            $"{received.Length} bytes written; the biased run starts at {goodLength} and the test fires within {tested.ProportionCutoff} of its bytes");
        Assert.Contains("adaptive proportion test", run.Status.Snapshot().LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_biased_from_the_start_never_writes_a_byte()
    {
        var source = new ScriptedSource(i => (byte)(i % 3 == 0 ? 7 : i % 251));
        var device = new FakeQrngDevice(capacity: 64 * 1024);
        await using var run = FeederRun.Start(HealthTested(source), device);

        await Wait.UntilAsync(() => Task.FromResult(run.Status.Snapshot().SourceFailures >= 3), Timeout, "three failures");
        await run.StopAsync();

        Assert.Empty(device.Received);
        Assert.Equal(0, run.Status.Snapshot().BytesFed);
    }

    [Fact]
    public async Task A_source_that_is_down_is_reported_and_retried_until_it_delivers_again()
    {
        var good = ScriptedSource.GoodBytes(1 << 20);
        var source = new ScriptedSource(i => good[i % good.Length]) { Down = true };
        var device = new FakeQrngDevice(capacity: 64 * 1024);
        await using var run = FeederRun.Start(HealthTested(source), device);

        await Wait.UntilAsync(() => Task.FromResult(run.Status.Snapshot().SourceFailures >= 2), Timeout, "two failed attempts");
        Assert.Empty(device.Received);
        var failing = run.Status.Snapshot();
        Assert.Equal(FeederState.SourceOutOfService, failing.State);
        Assert.Contains("scripted source is down", failing.LastFailure, StringComparison.Ordinal);

        source.Down = false;
        await Wait.UntilAsync(() => Task.FromResult(device.Received.Length >= 128 * 1024), Timeout, "feeding after recovery");
        await run.StopAsync();

        var received = device.Received;
        Assert.Equal(Repeated(good, received.Length), received);
        Assert.Equal(FeederState.Feeding, run.Status.Snapshot().State);
        Assert.Null(run.Status.Snapshot().LastFailure);
    }

    [Fact]
    public async Task A_source_request_that_times_out_is_a_source_failure_not_the_end_of_the_agent()
    {
        var good = ScriptedSource.GoodBytes(1 << 20);
        var source = new SlowSource(new ScriptedSource(i => good[i % good.Length]));
        var device = new FakeQrngDevice(capacity: 64 * 1024);
        await using var run = FeederRun.Start(HealthTested(source), device);

        await Wait.UntilAsync(() => Task.FromResult(run.Status.Snapshot().SourceFailures >= 2), Timeout, "two timed-out requests");
        Assert.Contains("no answer in time", run.Status.Snapshot().LastFailure, StringComparison.Ordinal);

        source.TimingOut = false;
        await Wait.UntilAsync(() => Task.FromResult(device.Received.Length >= 64 * 1024), Timeout, "feeding after the source answers again");
        await run.StopAsync();

        Assert.Equal(Repeated(good, device.Received.Length), device.Received);
    }

    [Fact]
    public async Task A_missing_device_is_reported_and_opened_once_it_is_there()
    {
        var good = ScriptedSource.GoodBytes(1 << 20);
        var source = new ScriptedSource(i => good[i % good.Length]);
        var device = new FakeQrngDevice(capacity: 64 * 1024);
        var attempts = 0;
        Task<IQrngDevice> Open(CancellationToken _) => Interlocked.Increment(ref attempts) < 3
            ? throw new QrngDeviceException("/fake/qrng is missing")
            : Task.FromResult<IQrngDevice>(device);
        await using var run = FeederRun.Start(HealthTested(source), Open);

        await Wait.UntilAsync(() => Task.FromResult(device.Received.Length > 0), Timeout, "feeding once the device is there");
        await run.StopAsync();

        var status = run.Status.Snapshot();
        Assert.Equal(2, status.DeviceFailures);
        Assert.Equal(0, status.SourceFailures);
        Assert.Equal(Repeated(good, device.Received.Length), device.Received);
    }

    [Fact]
    public async Task A_batch_is_never_larger_than_the_room_in_the_device()
    {
        var good = ScriptedSource.GoodBytes(1 << 20);
        var source = new ScriptedSource(i => good[i % good.Length]);
        var device = new FakeQrngDevice(capacity: 1000); // smaller than a batch
        await using var run = FeederRun.Start(HealthTested(source), device);

        await Wait.UntilAsync(() => Task.FromResult(device.Received.Length >= 20_000), Timeout, "20,000 bytes fed");
        await run.StopAsync();

        // Every write took its batch whole: nothing was fetched that the device could not take.
        Assert.Equal(device.Received.Length, device.Writes * 1000L);
        Assert.Equal(Repeated(good, device.Received.Length), device.Received);
    }

    [Fact]
    public async Task The_rate_cap_holds_the_next_batch_until_its_share_of_time_has_passed()
    {
        var good = ScriptedSource.GoodBytes(1 << 20);
        var source = new ScriptedSource(i => good[i % good.Length]);
        var device = new FakeQrngDevice(capacity: 64 * 1024);
        var time = new FakeTimeProvider();
        // 8 KiB/s in 4 KiB batches: the bucket starts with one second's worth, two batches.
        await using var run = FeederRun.Start(HealthTested(source), _ => Task.FromResult<IQrngDevice>(device), rateBytesPerSecond: 8192, time);

        await Wait.UntilAsync(() => Task.FromResult(run.Status.Snapshot().BytesFed == 8192), Timeout, "the first second's two batches");
        await Task.Delay(300); // real time passes, fake time does not: the cap must hold
        Assert.Equal(8192, run.Status.Snapshot().BytesFed);

        time.Advance(TimeSpan.FromSeconds(0.5));
        await Wait.UntilAsync(() => Task.FromResult(run.Status.Snapshot().BytesFed == 12288), Timeout, "one more batch after half a second");
        await Task.Delay(300); // and the feeder is waiting on fake time again before it moves
        Assert.Equal(12288, run.Status.Snapshot().BytesFed);
        time.Advance(TimeSpan.FromSeconds(0.5));
        await Wait.UntilAsync(() => Task.FromResult(run.Status.Snapshot().BytesFed == 16384), Timeout, "one more after another half");
        await run.StopAsync();

        Assert.Equal(Repeated(good, 16384), device.Received);
    }

    /// <summary>The first <paramref name="length"/> bytes of <paramref name="good"/> repeated, as the scripted sources give them.</summary>
    private static byte[] Repeated(byte[] good, int length) => [.. Enumerable.Range(0, length).Select(i => good[i % good.Length])];

    private static HealthTestedEntropySource HealthTested(IEntropySource source) =>
        new(source, MinEntropyPerByte, TimeProvider.System, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80));

    /// <summary>A feeder running in the background until stopped.</summary>
    private sealed class FeederRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _task = Task.CompletedTask;

        // No loop listens here: the state changes it would report are let go.
        public FeederStatus Status { get; } = new(new ReconcileTrigger());

        public static FeederRun Start(IEntropySource source, IQrngDevice device) =>
            Start(source, _ => Task.FromResult(device));

        public static FeederRun Start(IEntropySource source, Func<CancellationToken, Task<IQrngDevice>> open,
            long rateBytesPerSecond = 0, TimeProvider? time = null)
        {
            var run = new FeederRun();
            var settings = new FeederSettings(Batch, rateBytesPerSecond, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80));
            var feeder = new DeviceFeeder(source, open, settings, run.Status, time ?? TimeProvider.System, NullLogger<DeviceFeeder>.Instance);
            run._task = Task.Run(() => feeder.RunAsync(run._stop.Token));
            return run;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _task; // RunAsync ends quietly on cancellation; anything else fails the test here
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }
}
