using System.Diagnostics;

namespace QuantumAgents.Bench.Kme;

/// <summary>
/// How long a delivered key's bytes stay on disk: from the slave's dec_keys answer until no file
/// of the master's or the slave's state directory holds any 12 of its bytes in a row.
/// </summary>
public static class EraseDelay
{
    private const int Window = 12;

    /// <summary>The delay, or null when the key is still on disk after <paramref name="limit"/>.</summary>
    public static async Task<TimeSpan?> MeasureAsync(byte[] key, IReadOnlyList<string> stateDirectories, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (stateDirectories.Any(d => AnyFileHolds(d, key)))
        {
            if (clock.Elapsed > limit)
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
                return Enumerable.Range(0, key.Length - Window + 1).Any(offset => content.AsSpan().IndexOf(key.AsSpan(offset, Window)) >= 0);
            }
            catch (FileNotFoundException)
            {
                return false; // a -wal file SQLite removed meanwhile
            }
        });
}
