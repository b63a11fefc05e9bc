using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Entropy.Health;

namespace QuantumAgents.Core.Tests.Entropy;

public sealed class HealthTestedEntropySourceTests
{
    private readonly FakeTimeProvider _clock = new();

    private HealthTestedEntropySource Tested(IEntropySource inner, double h = 6) =>
        new(inner, h, _clock, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));

    /// <summary>Random bytes that are never zero, so a stuck-at-zero phase is easy to spot in the output.</summary>
    private static byte NonZero(long position) => (byte)(1 + RandomNumberGenerator.GetInt32(255));

    [Fact]
    public async Task Sixteen_megabytes_of_good_random_bytes_pass_untouched()
    {
        using var source = Tested(new SimulatedEntropySource());
        var buffer = new byte[1 << 20];

        for (var i = 0; i < 16; i++)
        {
            await source.FillAsync(buffer, CancellationToken.None);
        }

        Assert.Null(source.LastFailure);
        Assert.Equal(0, source.Failures);
    }

    [Fact]
    public async Task A_source_stuck_at_one_value_fails_the_repetition_test_before_any_stuck_byte_is_handed_out()
    {
        using var source = Tested(new ScriptedEntropySource(p => p < 100_003 ? NonZero(p) : (byte)0));
        var delivered = new List<byte>();
        var chunk = new byte[1000];

        var failure = await Assert.ThrowsAsync<EntropyHealthException>(async () =>
        {
            while (true)
            {
                await source.FillAsync(chunk, CancellationToken.None);
                delivered.AddRange(chunk);
            }
        });

        Assert.Contains("repetition count test: 5 identical bytes in a row (0x00)", failure.Message, StringComparison.Ordinal);
        Assert.True(delivered.Count >= 99_000);
        Assert.DoesNotContain((byte)0, delivered);
        Assert.All(chunk, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_biased_source_fails_the_adaptive_proportion_test()
    {
        // Every other byte is 'A': half of every window, with no run to trip the repetition test.
        using var source = Tested(new ScriptedEntropySource(p => p % 2 == 0 ? (byte)'A' : (byte)('B' + RandomNumberGenerator.GetInt32(100))));

        var failure = await Assert.ThrowsAsync<EntropyHealthException>(async () => await source.FillAsync(new byte[4096], CancellationToken.None));

        Assert.Contains($"adaptive proportion test: a byte value {source.ProportionCutoff} times in a window of 512", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_source_is_out_of_service_for_a_backoff_that_doubles_and_serves_again_once_healthy()
    {
        var stuck = true;
        using var source = Tested(new ScriptedEntropySource(p => stuck ? (byte)7 : NonZero(p)));
        var buffer = new byte[64];

        await Assert.ThrowsAsync<EntropyHealthException>(async () => await source.FillAsync(buffer, CancellationToken.None));
        var resting = await Assert.ThrowsAsync<EntropyHealthException>(async () => await source.FillAsync(buffer, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var again = await Assert.ThrowsAsync<EntropyHealthException>(async () => await source.FillAsync(buffer, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var stillResting = await Assert.ThrowsAsync<EntropyHealthException>(async () => await source.FillAsync(buffer, CancellationToken.None));
        stuck = false;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await source.FillAsync(buffer, CancellationToken.None);

        Assert.Contains("out of service until", resting.Message, StringComparison.Ordinal);
        Assert.Contains("out of service for 2 s", again.Message, StringComparison.Ordinal);
        Assert.Contains("out of service until", stillResting.Message, StringComparison.Ordinal);
        Assert.Equal(2, source.Failures);
        Assert.Null(source.LastFailure);
        Assert.DoesNotContain((byte)0, buffer);
    }

    [Fact]
    public async Task A_source_that_throws_is_taken_out_of_service_too()
    {
        using var source = Tested(new ScriptedEntropySource(NonZero) { FailWith = new IOException("device unplugged") });

        var failure = await Assert.ThrowsAsync<EntropyHealthException>(async () => await source.FillAsync(new byte[16], CancellationToken.None));

        Assert.Contains("the source failed: device unplugged", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, source.Failures);
    }
}
