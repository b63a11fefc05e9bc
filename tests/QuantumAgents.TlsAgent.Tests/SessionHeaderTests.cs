using QuantumAgents.TlsAgent.Proxy;

namespace QuantumAgents.TlsAgent.Tests;

public sealed class SessionHeaderTests
{
    [Fact]
    public async Task A_header_read_back_names_the_session_and_leaves_the_application_bytes_in_the_stream()
    {
        var stream = new MemoryStream([.. SessionHeader.Encode("tls-0b3c52c7"), .. "GET /"u8.ToArray()]);

        var id = await SessionHeader.ReadAsync(stream, CancellationToken.None);

        Assert.Equal("tls-0b3c52c7", id);
        Assert.Equal("GET /"u8.ToArray(), stream.ToArray()[(int)stream.Position..]);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', 1, (byte)'x' }, "does not start with")]
    [InlineData(new byte[] { (byte)'Q', (byte)'A', 1, 0 }, "length 0")]
    [InlineData(new byte[] { (byte)'Q', (byte)'A', 1, 65 }, "length 65")]
    [InlineData(new byte[] { (byte)'Q', (byte)'A', 1, 255, 1, 2 }, "length 255")]
    [InlineData(new byte[] { (byte)'Q', (byte)'A', 1, 3, (byte)'a', (byte)'/', (byte)'b' }, "outside [A-Za-z0-9._-]")]
    [InlineData(new byte[] { (byte)'Q', (byte)'A', 1, 9, (byte)'a' }, "closed before")]
    [InlineData(new byte[] { (byte)'Q' }, "closed before")]
    public async Task Anything_but_a_well_formed_header_is_refused_with_what_was_wrong(byte[] bytes, string expected)
    {
        var error = await Assert.ThrowsAsync<SessionHeaderException>(() => SessionHeader.ReadAsync(new MemoryStream(bytes), CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public void An_id_that_is_not_a_session_id_is_not_encoded(string id) =>
        Assert.Throws<ArgumentException>(() => SessionHeader.Encode(id));
}
