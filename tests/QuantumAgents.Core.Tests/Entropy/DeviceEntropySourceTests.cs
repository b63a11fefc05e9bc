using System.Security.Cryptography;
using QuantumAgents.Core.Entropy;

namespace QuantumAgents.Core.Tests.Entropy;

public sealed class DeviceEntropySourceTests
{
    [Fact]
    public async Task A_device_is_read_in_order_and_its_end_is_an_error()
    {
        var path = Path.GetTempFileName();
        try
        {
            var content = RandomNumberGenerator.GetBytes(1000);
            await File.WriteAllBytesAsync(path, content);
            using var source = new DeviceEntropySource(path, isQuantum: false);
            var first = new byte[600];
            var second = new byte[400];

            await source.FillAsync(first, CancellationToken.None);
            await source.FillAsync(second, CancellationToken.None);
            var end = await Assert.ThrowsAsync<IOException>(async () => await source.FillAsync(new byte[1], CancellationToken.None));

            Assert.Equal(content, first.Concat(second).ToArray());
            Assert.Contains("ended after 1000 bytes", end.Message, StringComparison.Ordinal);
            Assert.Contains("(not quantum)", source.Description, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
