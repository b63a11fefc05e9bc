using System.Diagnostics;
using System.Globalization;
using QuantumAgents.Vici.Protocol;
using Xunit.Abstractions;

namespace QuantumAgents.Vici.Tests;

/// <summary>
/// Random and mutated frames through the decoder: the only exception allowed is
/// <see cref="ViciProtocolException"/>, and whatever decodes must survive re-encoding unchanged.
/// Seed and count come from VICI_FUZZ_SEED / VICI_FUZZ_COUNT when set.
/// </summary>
public class ViciFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261127;
    private const int DefaultCount = 1_000_000;
    private const int BaseFrames = 2_000;

    [Fact]
    public void A_million_random_and_mutated_frames_raise_nothing_but_protocol_exceptions()
    {
        var seed = FromEnvironment("VICI_FUZZ_SEED", DefaultSeed);
        var count = FromEnvironment("VICI_FUZZ_COUNT", DefaultCount);
        output.WriteLine($"fuzz seed {seed} (VICI_FUZZ_SEED), {count} frames (VICI_FUZZ_COUNT)");
        var random = new Random(seed);
        var messages = new RandomMessages(random);
        var valid = Enumerable.Range(0, BaseFrames).Select(_ => messages.ValidFrame()).ToArray();

        var stopwatch = Stopwatch.StartNew();
        int decoded = 0, refused = 0;
        var failures = new List<string>();
        for (var i = 0; i < count && failures.Count < 5; i++)
        {
            var original = valid[random.Next(valid.Length)];
            var frame = i % 16 == 0 ? original : messages.Mutate(original);
            try
            {
                var packet = ViciPacketDecoder.DecodeFrame(frame);
                decoded++;
                CheckReencodes(packet, frame, failures, i);
            }
            catch (ViciProtocolException)
            {
                refused++;
            }
#pragma warning disable CA1031 // the point: any other exception is a finding, reported with its input
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"frame {i} ({Convert.ToHexString(frame)}): {e}");
            }
        }
        stopwatch.Stop();

        output.WriteLine($"{decoded} decoded, {refused} refused with ViciProtocolException, {failures.Count} other exceptions, {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"seed {seed}: {string.Join("\n", failures)}");
        Assert.Equal(count, decoded + refused);
        // Both outcomes must be exercised, or the mutations are not reaching the decoder's paths.
        Assert.True(decoded > count / 20 && refused > count / 2, $"decoded {decoded}, refused {refused}");
    }

    private static void CheckReencodes(ViciPacket packet, byte[] frame, List<string> failures, int index)
    {
        using var writer = ViciWriter.Packet(packet.Type, packet.Name);
        if (packet.Message is not null)
        {
            writer.Entries(packet.Message);
        }
        var again = ViciPacketDecoder.DecodeFrame(writer.Complete().Span);
        var same = again.Type == packet.Type && again.Name == packet.Name
            && (packet.Message is null ? again.Message is null : again.Message is not null && packet.Message.ContentEquals(again.Message));
        if (!same)
        {
            failures.Add($"frame {index} ({Convert.ToHexString(frame)}) does not survive re-encoding");
        }
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
