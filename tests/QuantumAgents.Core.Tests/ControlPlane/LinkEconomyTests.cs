using System.Text.Json;
using QuantumAgents.Core.ControlPlane;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.Tests.ControlPlane;

public sealed class LinkEconomyTests
{
    private static readonly DateTimeOffset ReadAt = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Our_KMEs_status_extension_gives_rate_pool_and_counters()
    {
        var fact = LinkEconomy.Read(Status("""{"link":"cait-ccs","rate_bits_per_second":1000000,"owned_by_peer_bits":2048,"produced_bits":90000,"drawn_bits":4096}"""),
            "ccs", ReadAt);

        Assert.Equal(("ccs", 10L, 100L, ReadAt), (fact.Peer, fact.StoredKeyCount, fact.MaxKeyCount, fact.ReadAt));
        Assert.Equal((1_000_000L, (10L * 256) + 2048, 90_000L, 4096L), (fact.RateBitsPerSecond, fact.PoolBits, fact.ProducedBits, fact.DrawnBits));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"vendor":"other"}""")]
    [InlineData("""{"rate_bits_per_second":"fast","drawn_bits":-5,"produced_bits":1.5}""")]
    [InlineData("[1,2]")]
    public void What_a_KME_does_not_say_stays_unknown_never_guessed(string? extension)
    {
        var fact = LinkEconomy.Read(Status(extension), "ccs", ReadAt);

        Assert.Equal((10L, 100L), (fact.StoredKeyCount, fact.MaxKeyCount));
        Assert.Equal<long?[]>([null, null, null, null], [fact.RateBitsPerSecond, fact.PoolBits, fact.ProducedBits, fact.DrawnBits]);
    }

    private static Etsi014Status Status(string? extension) => new()
    {
        SourceKmeId = "kme-cait", TargetKmeId = "kme-ccs", MasterSaeId = "cait-ipsec", SlaveSaeId = "ccs-ipsec", KeySize = 256,
        StoredKeyCount = 10, MaxKeyCount = 100, MaxKeyPerRequest = 128, MaxKeySize = 1024, MinKeySize = 64, MaxSaeIdCount = 0,
        StatusExtension = extension is null ? null : JsonElement.Parse(extension),
    };
}
