using System.Security.Cryptography;
using QuantumAgents.OpenSsl.Tests.Support;

namespace QuantumAgents.OpenSsl.Tests;

public sealed class TransferTests
{
    // Each test runs over .NET's NetworkStream and over EpollSocketStream (qa-tls-agent's transport).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_large_transfer_in_both_directions_at_once_arrives_byte_exact(bool epoll)
    {
        const int size = 48 * 1024 * 1024;
        using var pair = await HandshakenPairAsync(epoll);
        var upload = RandomNumberGenerator.GetBytes(size);
        var download = RandomNumberGenerator.GetBytes(size);

        // Full duplex: one reader and one writer on each stream at the same time.
        var results = await Task.WhenAll(
            SendAsync(pair.Client, upload), ReceiveHashAsync(pair.Server, size),
            SendAsync(pair.Server, download), ReceiveHashAsync(pair.Client, size)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Convert.ToHexString(SHA256.HashData(upload)), results[1]);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(download)), results[3]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Shutdown_is_a_half_close_the_other_direction_keeps_flowing(bool epoll)
    {
        using var pair = await HandshakenPairAsync(epoll);

        await pair.Client.WriteAsync("request"u8.ToArray());
        await pair.Client.ShutdownAsync();
        Assert.Equal("request", await HandshakeTests.ReadTextAsync(pair.Server, 7));
        Assert.Equal(0, await pair.Server.ReadAsync(new byte[16])); // close_notify: end of stream
        Assert.Equal(0, await pair.Server.ReadAsync(new byte[16])); // and it stays ended

        await pair.Server.WriteAsync("response"u8.ToArray());
        await pair.Server.ShutdownAsync();
        Assert.Equal("response", await HandshakeTests.ReadTextAsync(pair.Client, 8));
        Assert.Equal(0, await pair.Client.ReadAsync(new byte[16]));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pair.Client.WriteAsync("late"u8.ToArray()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_cut_without_close_notify_is_reported_as_truncation(bool epoll)
    {
        var connection = await LoopbackConnection.OpenAsync(epoll);
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key));
        using var client = new PskTlsStream(connection.Client);
        using var server = new PskTlsStream(connection.Server);
        await Task.WhenAll(server.AuthenticateAsServerAsync(serverContext), client.AuthenticateAsClientAsync(clientContext, identity, TestKeys.Secret(key)));

        connection.ClientSocket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        var error = await Assert.ThrowsAsync<PskTlsException>(async () => _ = await server.ReadAsync(new byte[16]));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Disposing_during_a_pending_read_ends_the_read_without_harm(bool epoll)
    {
        var pair = await HandshakenPairAsync(epoll);
        var read = pair.Client.ReadAsync(new byte[16]).AsTask();

        pair.Dispose(); // also closes the sockets under the pending read

        var error = await Assert.ThrowsAnyAsync<Exception>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(error is ObjectDisposedException or IOException, error.ToString());
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pair.Client.WriteAsync(new byte[1]));
    }

    private static async Task<PskPair> HandshakenPairAsync(bool epoll)
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(TestKeys.Knowing(identity, key));
        var pair = await PskPair.OpenAsync(epoll);
        var (clientError, serverError) = await pair.HandshakeAsync(clientContext, identity, key, serverContext);
        Assert.Null(clientError);
        Assert.Null(serverError);
        return pair;
    }

    private static async Task<string> SendAsync(Stream stream, byte[] data)
    {
        // Uneven pieces, so records and writes do not line up.
        for (var offset = 0; offset < data.Length;)
        {
            var length = Math.Min(data.Length - offset, 1 + (offset % 100_003));
            await stream.WriteAsync(data.AsMemory(offset, length));
            offset += length;
        }
        return "";
    }

    private static async Task<string> ReceiveHashAsync(Stream stream, int size)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[70_000];
        for (var received = 0; received < size;)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, size - received)));
            Assert.NotEqual(0, read);
            hash.AppendData(buffer, 0, read);
            received += read;
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
