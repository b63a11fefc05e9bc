using System.Security.Cryptography;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Kme.Store;

/// <summary>Reading the persisted state back at start-up, and the counters reported by the KME.</summary>
public sealed partial class StoreTransaction
{
    /// <summary>A link's persisted pool, rows of one owner that touch merged into one segment.</summary>
    internal IReadOnlyList<StoredSegment> LoadPool(string link)
    {
        var rows = new List<(long Start, string Owner, byte[] Material)>();
        using (var reader = Command("SELECT start, owner, material FROM pool WHERE link = $link ORDER BY start", ("$link", link)).ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2)));
            }
        }
        var segments = new List<StoredSegment>();
        var i = 0;
        while (i < rows.Count)
        {
            var j = i + 1;
            var end = rows[i].Start + rows[i].Material.Length;
            while (j < rows.Count && rows[j].Start == end && rows[j].Owner == rows[i].Owner)
            {
                end += rows[j].Material.Length;
                j++;
            }
            var segment = new SecretBytes((int)(end - rows[i].Start));
            var offset = 0;
            for (var k = i; k < j; k++)
            {
                rows[k].Material.CopyTo(segment.AsSpan()[offset..]);
                offset += rows[k].Material.Length;
                CryptographicOperations.ZeroMemory(rows[k].Material);
            }
            segments.Add(new StoredSegment(rows[i].Start, rows[i].Owner, segment));
            i = j;
        }
        return segments;
    }

    internal long LoadStreamEnd(string link) =>
        Command("SELECT stream_end FROM link_state WHERE link = $link", ("$link", link)).ExecuteScalar() is long end ? end : 0;

    internal long LoadReservedTo(string link) =>
        Command("SELECT reserved_to FROM link_state WHERE link = $link", ("$link", link)).ExecuteScalar() is long offset ? offset : 0;

    /// <summary>Keys and bits delivered per ledger role, for status and the key-economy report.</summary>
    public IReadOnlyDictionary<(string Link, LedgerRole Role), (long Keys, long Bits)> LedgerTotals()
    {
        var totals = new Dictionary<(string, LedgerRole), (long, long)>();
        using var reader = Command("SELECT link, role, count(*), sum(size_bits) FROM ledger GROUP BY link, role").ExecuteReader();
        while (reader.Read())
        {
            var role = Enum.Parse<LedgerRole>(reader.GetString(1), ignoreCase: true);
            totals[(reader.GetString(0), role)] = (reader.GetInt64(2), reader.GetInt64(3));
        }
        return totals;
    }
}
