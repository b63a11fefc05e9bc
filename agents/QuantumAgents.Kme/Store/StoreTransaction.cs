using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using QuantumAgents.Core.Storage;
using QuantumAgents.Kme.Pool;

namespace QuantumAgents.Kme.Store;

/// <summary>
/// The KME's typed operations a write may do, on the writer thread inside the current
/// batch's transaction.
/// </summary>
public sealed partial class StoreTransaction : SqliteCommands
{
    /// <summary>Pool rows hold at most this much, so erasing part of one rewrites little.</summary>
    public const int MaxPoolRowBytes = 1024;

    internal StoreTransaction(SqliteConnection connection) : base(connection)
    {
    }

    /// <summary>Stores fresh pool material of <paramref name="owner"/>, split into rows of at most <see cref="MaxPoolRowBytes"/>.</summary>
    public void InsertPoolBlock(string link, long start, string owner, ReadOnlySpan<byte> material)
    {
        for (var offset = 0; offset < material.Length; offset += MaxPoolRowBytes)
        {
            var length = Math.Min(MaxPoolRowBytes, material.Length - offset);
            InsertPoolRow(link, start + offset, owner, material.Slice(offset, length));
        }
    }

    /// <summary>Erases these bytes from the persisted pool (whatever part of them is there).</summary>
    public void RemovePoolRange(string link, KeyRange range)
    {
        var overlapping = new List<(long Start, string Owner, byte[] Material)>();
        using (var reader = Command(
                   "SELECT start, owner, material FROM pool WHERE link = $link AND start > $low AND start < $end ORDER BY start",
                   ("$link", link), ("$low", range.Start - MaxPoolRowBytes), ("$end", range.End)).ExecuteReader())
        {
            while (reader.Read())
            {
                var start = reader.GetInt64(0);
                var material = (byte[])reader.GetValue(2);
                if (start + material.Length > range.Start)
                {
                    overlapping.Add((start, reader.GetString(1), material));
                }
            }
        }
        foreach (var (start, owner, material) in overlapping)
        {
            Command("DELETE FROM pool WHERE link = $link AND start = $start", ("$link", link), ("$start", start)).ExecuteNonQuery();
            var headLength = (int)Math.Max(0, range.Start - start);
            if (headLength > 0)
            {
                InsertPoolRow(link, start, owner, material.AsSpan(0, headLength));
            }
            var tailStart = Math.Max(start, range.End);
            var tailLength = (int)(start + material.Length - tailStart);
            if (tailLength > 0)
            {
                InsertPoolRow(link, tailStart, owner, material.AsSpan((int)(tailStart - start), tailLength));
            }
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>
    /// Erases a range taken from the pool and records what it was used for, in one step: a range
    /// leaves the persisted pool only with the record of its use.
    /// </summary>
    public void UsePoolRange(string link, KeyRange range, StreamUse use, string reference, long atUnix)
    {
        RemovePoolRange(link, range);
        Command("INSERT INTO stream_uses (link, start, length, use, ref, at) VALUES ($link, $start, $length, $use, $ref, $at)",
            ("$link", link), ("$start", range.Start), ("$length", range.Length), ("$use", use.ToString().ToLowerInvariant()),
            ("$ref", reference), ("$at", atUnix)).ExecuteNonQuery();
    }

    /// <summary>Records that every byte of the link this KME owns below <paramref name="offset"/> may have been used.</summary>
    public void SetReservedTo(string link, long offset) =>
        Command("INSERT INTO link_state (link, stream_end, reserved_to) VALUES ($link, 0, $offset) ON CONFLICT (link) DO UPDATE SET reserved_to = excluded.reserved_to",
            ("$link", link), ("$offset", offset)).ExecuteNonQuery();

    public void SetStreamEnd(string link, long end) =>
        Command("INSERT INTO link_state (link, stream_end) VALUES ($link, $end) ON CONFLICT (link) DO UPDATE SET stream_end = excluded.stream_end",
            ("$link", link), ("$end", end)).ExecuteNonQuery();

    private void InsertPoolRow(string link, long start, string owner, ReadOnlySpan<byte> material)
    {
        var copy = material.ToArray();
        try
        {
            Command("INSERT INTO pool (link, start, owner, material) VALUES ($link, $start, $owner, $material)",
                ("$link", link), ("$start", start), ("$owner", owner), ("$material", copy)).ExecuteNonQuery();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }
}
