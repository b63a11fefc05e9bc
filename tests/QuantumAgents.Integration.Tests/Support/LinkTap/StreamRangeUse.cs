using System.Text.Json;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// A range of a link's key stream that some message (or record) put to a use: <see cref="Unit"/>
/// names that one use, so the same message seen twice (a resend) is one use, not two.
/// </summary>
public sealed record StreamRangeUse(string Link, string Unit, long Start, long Length)
{
    public long End => Start + Length;

    /// <summary>
    /// The ranges a tapped KME-to-KME request named: every key of an assignment (the master's
    /// choice of stream bytes) and the pad and MAC key of a forwarding message.
    /// </summary>
    public static IEnumerable<StreamRangeUse> From(TappedMessage message)
    {
        var assign = message.Path.EndsWith("/assign", StringComparison.Ordinal);
        if (!assign && !message.Path.EndsWith("/forward", StringComparison.Ordinal))
        {
            yield break;
        }
        using var body = JsonDocument.Parse(message.Body);
        if (assign)
        {
            foreach (var assignment in body.RootElement.GetProperty("assignments").EnumerateArray())
            {
                foreach (var key in assignment.GetProperty("keys").EnumerateArray())
                {
                    var ranges = key.GetProperty("ranges");
                    var unit = $"assigned {key.GetProperty("key_ID").GetString()} {ranges.GetRawText()}";
                    foreach (var range in ranges.EnumerateArray())
                    {
                        yield return new StreamRangeUse(message.Link, unit, range[0].GetInt64(), range[1].GetInt64());
                    }
                }
            }
        }
        else
        {
            var root = body.RootElement;
            var unit = $"sealed {root.GetProperty("message_ID").GetString()} {root.GetProperty("ciphertext").GetString()}";
            foreach (var range in root.GetProperty("ranges").EnumerateArray())
            {
                yield return new StreamRangeUse(message.Link, unit, range[0].GetInt64(), range[1].GetInt64());
            }
        }
    }

    /// <summary>Pairs of different uses that share a byte of the same link's stream.</summary>
    public static IReadOnlyList<(StreamRangeUse First, StreamRangeUse Second)> Overlaps(IEnumerable<StreamRangeUse> uses)
    {
        var overlaps = new List<(StreamRangeUse, StreamRangeUse)>();
        foreach (var link in uses.GroupBy(u => u.Link))
        {
            StreamRangeUse? furthest = null;
            foreach (var use in link.DistinctBy(u => (u.Unit, u.Start, u.Length)).OrderBy(u => u.Start))
            {
                if (furthest is not null && use.Start < furthest.End && use.Unit != furthest.Unit)
                {
                    overlaps.Add((furthest, use));
                }
                if (furthest is null || use.End > furthest.End)
                {
                    furthest = use;
                }
            }
        }
        return overlaps;
    }
}
