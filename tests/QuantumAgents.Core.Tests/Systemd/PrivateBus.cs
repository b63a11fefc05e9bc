using System.Diagnostics;

namespace QuantumAgents.Core.Tests.Systemd;

/// <summary>
/// A real <c>dbus-daemon</c> of the test's own on a socket in a temporary directory: this
/// machine has no system bus and no systemd as PID 1, so systemd's D-Bus API is tested against
/// <see cref="FakeSystemd"/> on this bus.
/// </summary>
public sealed class PrivateBus : IDisposable
{
    private readonly string _directory;
    private readonly Process _daemon;

    private PrivateBus(string directory, Process daemon, string address)
    {
        _directory = directory;
        _daemon = daemon;
        Address = address;
    }

    public string Address { get; }

    public static async Task<PrivateBus> StartAsync()
    {
        var program = FindProgram("dbus-daemon")
            ?? throw new InvalidOperationException("dbus-daemon is missing: run scripts/setup.sh (apt-get install dbus-daemon)");
        var directory = Path.Combine(Path.GetTempPath(), "qa-bus-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(program)
        {
            ArgumentList = { "--session", $"--address=unix:path={directory}/bus", "--nofork", "--nopidfile", "--print-address=1" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var daemon = Process.Start(start) ?? throw new InvalidOperationException("dbus-daemon did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // The daemon prints its address once it listens.
        var address = await daemon.StandardOutput.ReadLineAsync(timeout.Token);
        if (string.IsNullOrEmpty(address))
        {
            var error = await daemon.StandardError.ReadToEndAsync(timeout.Token);
            daemon.Dispose();
            throw new InvalidOperationException($"dbus-daemon printed no address: {error}");
        }
        return new PrivateBus(directory, daemon, address.Trim());
    }

    /// <summary>Kills the bus, as when dbus or the machine's bus goes away under a client.</summary>
    public void Kill()
    {
        if (!_daemon.HasExited)
        {
            _daemon.Kill();
            _daemon.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _daemon.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
