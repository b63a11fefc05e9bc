using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.EndToEnd.Tests.Support;
using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests;

/// <summary>Service 4: entropy over the control plane's REST API (the paper's Listing 6), in its three formats.</summary>
[Collection(TestbedGroup.Name)]
public sealed class EntropyTests(TestbedFixture fixture)
{
    private const int OneMebibyte = 1024 * 1024;

    private Testbed Testbed => fixture.Testbed;

    [Fact]
    public async Task Thirty_two_bytes_come_as_base64_and_as_hex_and_differ_on_every_call()
    {
        var api = new TenantApi(Testbed, Testbed.ControlPlane.TenantToken);
        var seen = new HashSet<string>();
        for (var call = 0; call < 3; call++)
        {
            var base64 = await api.SendAsync("GET", "/entropy?bytes=32");
            Assert.True(base64.Status == 200, base64.ToString());
            Assert.Equal("base64", base64.Json.GetProperty("format").GetString());
            Assert.Equal(32, base64.Json.GetProperty("bytes").GetInt32());
            var fromBase64 = Convert.FromBase64String(base64.Json.GetProperty("data").GetString()!);
            Assert.Equal(32, fromBase64.Length);
            Assert.False(string.IsNullOrEmpty(base64.Json.GetProperty("source").GetString()));

            var hex = await api.SendAsync("GET", "/entropy?bytes=32&format=hex");
            Assert.True(hex.Status == 200, hex.ToString());
            var hexData = hex.Json.GetProperty("data").GetString()!;
            Assert.Matches("^[0-9a-f]{64}$", hexData);
            Assert.True(seen.Add(Convert.ToHexString(fromBase64)), "a base64 answer repeated an earlier one");
            Assert.True(seen.Add(hexData.ToUpperInvariant()), "a hex answer repeated an earlier one");
        }
    }

    [Fact]
    public async Task One_mebibyte_comes_raw_with_its_source_in_the_headers_and_every_byte_value_in_it()
    {
        var first = await RawAsync();
        var second = await RawAsync();
        foreach (var bytes in new[] { first, second })
        {
            Assert.Equal(OneMebibyte, bytes.Length);
            // A uniform MiB holds each of the 256 values ~4096 times; missing one has probability ~256·e^-4096.
            var counts = new int[256];
            foreach (var b in bytes)
            {
                counts[b]++;
            }
            Assert.All(counts, c => Assert.InRange(c, 3000, 5200));
        }
        Assert.False(first.AsSpan().SequenceEqual(second), "two 1 MiB answers were identical");
        Assert.False(first.AsSpan(0, 4096).SequenceEqual(second.AsSpan(0, 4096)));
    }

    /// <summary>curl straight to a file (the body is binary), with the headers on stdout.</summary>
    private async Task<byte[]> RawAsync()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await Cli.Wrap("curl")
                .WithArguments(["-sS", "--fail", "--max-time", "60", "--cacert", Testbed.Ca, "-H", "Authorization: Bearer " + Testbed.ControlPlane.TenantToken,
                    "-D", "-", "-o", file, $"{Testbed.ControlPlane.Url}/api/v1/entropy?bytes={OneMebibyte}&format=raw"])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync();
            Assert.True(result.ExitCode == 0, result.StandardError);
            var headers = result.StandardOutput.ToUpperInvariant();
            Assert.Contains("CONTENT-TYPE: APPLICATION/OCTET-STREAM", headers, StringComparison.Ordinal);
            Assert.Contains("X-ENTROPY-SOURCE:", headers, StringComparison.Ordinal);
            Assert.Contains("X-ENTROPY-QUANTUM: FALSE", headers, StringComparison.Ordinal); // the testbed's simulated source says so
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
