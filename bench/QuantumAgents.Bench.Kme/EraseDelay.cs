using System.Diagnostics;
using System.Globalization;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Bench.Kme;

/// <summary>
/// How long a delivered key's bytes stay on disk: from the slave's dec_keys answer (cait → ccs)
/// until no file of the master's or the slave's state directory holds its first, middle or last
/// 12 bytes (SQLite may cut a value once, at a page boundary; one of the three pieces then stays
/// whole). The line also says how long one look at the files takes: the measure's resolution.
/// </summary>
public static class EraseDelay
{
    private const int Window = 12;

    private const int Deliveries = 20;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Delivers <see cref="Deliveries"/> keys one by one and times each; one line saying how long they stayed.</summary>
    public static async Task<string> MeasureAsync(Etsi014Client master, Etsi014Client slave, IReadOnlyList<string> stateDirectories, string condition)
    {
        var delays = new List<double>();
        var lookMs = TimeOneLook(stateDirectories);
        for (var i = 0; i < Deliveries; i++)
        {
            using var issued = await master.GetKeysAsync("ccs", new Etsi014KeyRequest { Number = 1 }).ConfigureAwait(false);
            using var fetched = await slave.GetKeysWithIdsAsync("cait", [issued.Keys[0].KeyId]).ConfigureAwait(false);
            var delay = await UntilGoneAsync(fetched.Keys[0].Key.AsReadOnlySpan().ToArray(), stateDirectories).ConfigureAwait(false);
            delays.Add(delay?.TotalMilliseconds ?? double.PositiveInfinity);
        }
        delays.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"erase delay, {condition} (dec_keys answered → the key in no file of cait's or ccs's state directory), {Deliveries} keys: "
            + $"{delays.Count(double.IsFinite)} erased within {Limit.TotalSeconds} s, median {delays[Deliveries / 2]:0} ms, max {delays[^1]:0} ms (one look at the files: {lookMs:0} ms)");
    }

    /// <summary>How long one look at the files takes once they are in the page cache, in ms.</summary>
    private static double TimeOneLook(IReadOnlyList<string> stateDirectories)
    {
        var absent = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        _ = stateDirectories.Any(d => AnyFileHolds(d, absent));
        var clock = Stopwatch.StartNew();
        _ = stateDirectories.Any(d => AnyFileHolds(d, absent));
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The delay, or null when the key is still on disk after <see cref="Limit"/>.</summary>
    private static async Task<TimeSpan?> UntilGoneAsync(byte[] key, IReadOnlyList<string> stateDirectories)
    {
        var clock = Stopwatch.StartNew();
        while (stateDirectories.Any(d => AnyFileHolds(d, key)))
        {
            if (clock.Elapsed > Limit)
            {
                return null;
            }
            await Task.Delay(10).ConfigureAwait(false);
        }
        return clock.Elapsed;
    }

    private static bool AnyFileHolds(string directory, byte[] key) =>
        Directory.EnumerateFiles(directory).Any(file =>
        {
            try
            {
                var content = File.ReadAllBytes(file);
                int[] pieces = [0, (key.Length - Window) / 2, key.Length - Window];
                return pieces.Any(offset => content.AsSpan().IndexOf(key.AsSpan(offset, Window)) >= 0);
            }
            catch (FileNotFoundException)
            {
                return false; // a -wal file SQLite removed meanwhile
            }
        });
}
