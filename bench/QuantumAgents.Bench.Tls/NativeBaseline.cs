using System.Diagnostics;
using System.Globalization;

namespace QuantumAgents.Bench.Tls;

/// <summary>The C program (native/*.c, built by bench/tls.sh): OpenSSL's own rate for the same work.</summary>
internal sealed class NativeBaseline(string program)
{
    public Measurement Handshakes(int count, int warmUp, int parallel = 1) =>
        Run("handshakes", count.ToString(CultureInfo.InvariantCulture), warmUp.ToString(CultureInfo.InvariantCulture),
            parallel.ToString(CultureInfo.InvariantCulture));

    /// <summary>The same connections driven by one epoll loop per CPU (non-blocking sockets): what C pays for waiting asynchronously.</summary>
    public Measurement EventLoopHandshakes(int count, int warmUp, int parallel) =>
        Run("handshakes-event-loop", count.ToString(CultureInfo.InvariantCulture), warmUp.ToString(CultureInfo.InvariantCulture),
            parallel.ToString(CultureInfo.InvariantCulture));

    public Measurement PlainConnections(int count, int warmUp) =>
        Run("plain", count.ToString(CultureInfo.InvariantCulture), warmUp.ToString(CultureInfo.InvariantCulture));

    public Measurement Throughput(long bytes) => Run("throughput", (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture));

    /// <summary>Runs the program; it prints "name=rate per_cpu_second=rate".</summary>
    private Measurement Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {error}");
        }
        var values = output.Trim().Split(' ').Select(pair => double.Parse(pair.Split('=')[1], CultureInfo.InvariantCulture)).ToArray();
        return new Measurement(values[0], values[1]);
    }
}
