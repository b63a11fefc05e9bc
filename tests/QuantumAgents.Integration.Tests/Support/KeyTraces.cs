namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// Looks for key material in the files of a KME's state directory. A key is found if any 12 of
/// its bytes in a row are: SQLite may keep a value's bytes apart (a row that spills onto an
/// overflow page), and 12 random bytes turn up by chance in a few megabytes with odds of 2^-80.
/// </summary>
public static class KeyTraces
{
    private const int Window = 12;

    /// <summary>"file: key_ID" for every key with a trace in a file under one of the directories.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> directories, IReadOnlyList<(string Id, byte[] Key)> keys)
    {
        var found = new List<string>();
        foreach (var file in directories.SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)))
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(file);
            }
            catch (FileNotFoundException)
            {
                continue; // a -wal file SQLite removed as we listed it
            }
            found.AddRange(keys.Where(k => Contains(content, k.Key)).Select(k => $"{file}: {k.Id}"));
        }
        return found;
    }

    private static bool Contains(byte[] content, byte[] key)
    {
        for (var offset = 0; offset + Window <= key.Length; offset++)
        {
            if (content.AsSpan().IndexOf(key.AsSpan(offset, Window)) >= 0)
            {
                return true;
            }
        }
        return false;
    }
}
