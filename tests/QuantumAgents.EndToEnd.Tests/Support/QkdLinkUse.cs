using System.Globalization;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>
/// QKD key taken from one physical link's pool, in bits, as the KMEs count it: what each end
/// spent forwarding keys for other pairs (ETSI 014 <c>status_extension.forwarded_bits</c>, a
/// counter since the KME started) and the keys handed out directly on the link (the ledger).
/// Both ends of a link take the same material, so their forwarding counters must agree.
/// </summary>
public sealed record QkdLinkUse(string Link, long ForwardedBitsAtFirst, long ForwardedBitsAtSecond, long DirectKeyBits)
{
    /// <summary>The testbed's physical QKD links (scripts/lib/common.sh QA_DATA_LINKS).</summary>
    public static readonly IReadOnlyList<(string First, string Second)> Links = [("cait", "ccs"), ("ccs", "rectorado")];

    /// <summary>Key the link gave up: each bit counted once, though both ends recorded it.</summary>
    public long ConsumedBits => Math.Max(ForwardedBitsAtFirst, ForwardedBitsAtSecond) + DirectKeyBits;

    public static async Task<IReadOnlyList<QkdLinkUse>> ReadAllAsync(Testbed testbed)
    {
        var curl = new Curl(testbed.Ca);
        var uses = new List<QkdLinkUse>();
        foreach (var (first, second) in Links)
        {
            var link = $"{first}-{second}";
            var direct = 0L;
            foreach (var node in new[] { first, second })
            {
                var rows = await KmeDatabase.QueryNodeAsync(node, $"SELECT coalesce(sum(size_bits), 0) FROM ledger WHERE link = '{link}' AND role = 'master'");
                direct += long.Parse(rows[0], CultureInfo.InvariantCulture);
            }
            uses.Add(new QkdLinkUse(link, await ForwardedBitsAsync(curl, testbed.Nodes[first], second, link),
                await ForwardedBitsAsync(curl, testbed.Nodes[second], first, link), direct));
        }
        return uses;
    }

    /// <summary>What was taken between two readings.</summary>
    public static IReadOnlyList<QkdLinkUse> Between(IReadOnlyList<QkdLinkUse> before, IReadOnlyList<QkdLinkUse> after) =>
        [.. after.Zip(before, (a, b) => new QkdLinkUse(a.Link, a.ForwardedBitsAtFirst - b.ForwardedBitsAtFirst,
            a.ForwardedBitsAtSecond - b.ForwardedBitsAtSecond, a.DirectKeyBits - b.DirectKeyBits))];

    private static async Task<long> ForwardedBitsAsync(Curl curl, TestbedNode node, string peer, string link)
    {
        var status = await curl.GetAsync(node.Keys(peer, "status"), node.Sae);
        Assert.True(status.Status == 200, $"status at {node.Name} for {peer}: {status}");
        var extension = status.Json.GetProperty("status_extension");
        Assert.Equal(link, extension.GetProperty("link").GetString());
        return extension.GetProperty("forwarded_bits").GetInt64();
    }

    public override string ToString() =>
        $"{Link}: forwarded {ForwardedBitsAtFirst}/{ForwardedBitsAtSecond} bits (counted at each end), direct keys {DirectKeyBits} bits";
}
