using System.Diagnostics;
using System.Globalization;
using QuantumAgents.Vici.Client;

// bench/vici: VICI commands per second through our client next to swanctl (strongSwan's own
// client) against the same charon in the same run. Usage: qa-bench-vici SOCKET STRONGSWAN_CONF [COUNT]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: qa-bench-vici SOCKET STRONGSWAN_CONF [COUNT]");
    return 2;
}
var socket = args[0];
var conf = args[1];
var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
var swanctlCount = Math.Max(20, count / 20);

await using var client = new ViciClient(socket);
await client.StatsAsync(); // connect and warm up

var stats = await RateAsync(count, () => client.StatsAsync());
var version = await RateAsync(count, () => client.VersionAsync());
var listSas = await RateAsync(count, () => client.ListSasAsync());
var parallel = await RateAsync(count, () => Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.StatsAsync())), perCall: 4);
var swanctl = await RateAsync(swanctlCount, () => SwanctlStatsAsync(socket, conf));

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"our client, stats:            {stats,10:F0} commands/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"our client, version:          {version,10:F0} commands/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"our client, list-sas (stream):{listSas,10:F0} commands/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"our client, stats x4 callers: {parallel,10:F0} commands/s (one connection, serialized)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"swanctl --stats (a process each): {swanctl,6:F0} commands/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio stats ours / swanctl: {stats / swanctl:F1}"));
return 0;

static async Task<double> RateAsync(int count, Func<Task> command, int perCall = 1)
{
    var stopwatch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await command();
    }
    return count * perCall / stopwatch.Elapsed.TotalSeconds;
}

static async Task SwanctlStatsAsync(string socket, string conf)
{
    var start = new ProcessStartInfo("swanctl", ["--stats", "--uri", "unix://" + socket])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.Environment["STRONGSWAN_CONF"] = conf;
    using var process = Process.Start(start)!;
    await process.StandardOutput.ReadToEndAsync();
    await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"swanctl --stats failed ({process.ExitCode})");
    }
}
