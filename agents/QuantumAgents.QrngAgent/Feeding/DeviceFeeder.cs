using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Entropy.Health;
using QuantumAgents.QrngAgent.Device;

namespace QuantumAgents.QrngAgent.Feeding;

/// <summary>
/// Keeps the device filled: tops it up in whole batches from the health-tested source, and
/// once a batch no longer fits, waits until it asks for bytes again (POLLOUT at its low-water
/// mark); the fill level comes from the ioctl. A batch is written only after the source
/// handed it over whole, so bytes of a batch in which a health test fired never reach the
/// device. A failing source or device is reported and retried after a growing pause.
/// </summary>
public sealed partial class DeviceFeeder(
    IEntropySource source,
    Func<CancellationToken, Task<IQrngDevice>> openDevice,
    FeederSettings settings,
    FeederStatus status,
    TimeProvider time,
    ILogger<DeviceFeeder> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var rate = new RateCap(settings.RateBytesPerSecond, time);
        // Pinned, so the GC leaves no stray copies of the bytes behind; zeroed after each batch.
        var buffer = GC.AllocateArray<byte>(settings.BatchBytes, pinned: true);
        var pause = settings.FirstRetryPause;
        IQrngDevice? device = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    device ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
                    await FeedOnceAsync(device, buffer, rate, cancellationToken).ConfigureAwait(false);
                    pause = settings.FirstRetryPause;
                    continue;
                }
                catch (QrngDeviceException e)
                {
                    LogDeviceFailed(e.Message, pause.TotalSeconds);
                    status.DeviceFailed(e.Message);
                    device?.Dispose();
                    device = null;
                }
                catch (Exception e) when (e is EntropyHealthException or IOException or HttpRequestException)
                {
                    LogSourceFailed(e.Message, pause.TotalSeconds);
                    status.SourceFailed(e.Message);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Not our stop: an HTTP source's request timed out (HttpClient says so this way).
                    var why = $"{source.Description}: no answer in time ({e.Message})";
                    LogSourceFailed(why, pause.TotalSeconds);
                    status.SourceFailed(why);
                }
                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(settings.MaxRetryPause.Ticks, pause.Ticks * 2));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            device?.Dispose();
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private async Task<IQrngDevice> OpenAsync(CancellationToken cancellationToken)
    {
        var device = await openDevice(cancellationToken).ConfigureAwait(false);
        LogOpened(device.Path, source.Description, device.Capacity);
        return device;
    }

    private async Task FeedOnceAsync(IQrngDevice device, byte[] buffer, RateCap rate, CancellationToken cancellationToken)
    {
        var level = device.FillLevel();
        if (FeedPlan.MustWaitForRoom(level, device.Capacity, buffer.Length))
        {
            await device.WaitWritableAsync(cancellationToken).ConfigureAwait(false);
            level = device.FillLevel();
        }
        var count = FeedPlan.BytesToFetch(level, device.Capacity, buffer.Length);
        if (count == 0)
        {
            // POLLOUT at a full device: another writer got there first.
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
            return;
        }
        var delay = rate.DelayFor(count);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        var batch = buffer.AsMemory(0, count);
        try
        {
            await source.FillAsync(batch, cancellationToken).ConfigureAwait(false);
            rate.Take(count);
            await WriteAllAsync(device, batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(batch.Span);
        }
        var wasFeeding = status.Snapshot().State == FeederState.Feeding;
        status.Fed(count, device.FillLevel());
        if (!wasFeeding)
        {
            LogFeeding(device.Path, source.Description);
        }
    }

    private static async Task WriteAllAsync(IQrngDevice device, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var written = device.Write(bytes.Span);
            if (written == 0)
            {
                await device.WaitWritableAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            bytes = bytes[written..];
        }
    }

    [LoggerMessage(LogLevel.Information, "{Device} open (capacity {Capacity} bytes); source: {Source}")]
    private partial void LogOpened(string device, string source, long capacity);

    [LoggerMessage(LogLevel.Information, "feeding {Device} from {Source}")]
    private partial void LogFeeding(string device, string source);

    [LoggerMessage(LogLevel.Warning, "entropy source out of service: {Why}; nothing written, retrying in {Seconds} s")]
    private partial void LogSourceFailed(string why, double seconds);

    [LoggerMessage(LogLevel.Error, "{Why}; retrying in {Seconds} s")]
    private partial void LogDeviceFailed(string why, double seconds);
}
