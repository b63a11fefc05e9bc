using QuantumAgents.OpenSsl.Psk;

namespace QuantumAgents.OpenSsl.Tests;

public sealed class ClientHelloPskReaderTests
{
    // identities<2 bytes> { identity<2 bytes> "ab", ticket age<4> } then binders (ignored).
    private static readonly byte[] TwoByteIdentity = [0x00, 0x08, 0x00, 0x02, (byte)'a', (byte)'b', 0, 0, 0, 0, 0x00, 0x21];

    [Fact]
    public void Reads_the_first_identity()
    {
        Assert.True(ClientHelloPskReader.TryReadFirstIdentity(TwoByteIdentity, out var identity));
        Assert.Equal("ab"u8.ToArray(), identity.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x00, 0x08, 0x00, 0x02, (byte)'a' })] // list longer than the data
    [InlineData(new byte[] { 0x00, 0x06, 0x00, 0x02, (byte)'a', (byte)'b', 0, 0 })] // list under 7 bytes
    [InlineData(new byte[] { 0x00, 0x07, 0x00, 0x02, (byte)'a', (byte)'b', 0, 0, 0 })] // no room for the ticket age
    [InlineData(new byte[] { 0x00, 0x07, 0xFF, 0xFF, (byte)'a', (byte)'b', 0, 0, 0 })] // identity longer than the list
    [InlineData(new byte[] { 0x00, 0x07, 0x00, 0x00, 0, 0, 0, 0, 0 })] // empty identity
    public void Never_trusts_a_length(byte[] extension)
    {
        Assert.False(ClientHelloPskReader.TryReadFirstIdentity(extension, out _));
    }
}
