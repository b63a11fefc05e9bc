namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>
/// The client half of <see cref="HashingTcpSink"/>: sends a file over one TCP connection from a
/// namespace, half-closes, and returns what the sink says it received.
/// </summary>
public static class HashingTcpSender
{
    private const string Script = """
        import socket, sys
        connection = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=120)
        with open(sys.argv[3], "rb") as source:
            while True:
                chunk = source.read(1 << 16)
                if not chunk:
                    break
                connection.sendall(chunk)
        connection.shutdown(socket.SHUT_WR)
        reply = b""
        while True:
            chunk = connection.recv(4096)
            if not chunk:
                break
            reply += chunk
        print(reply.decode().strip())
        """;

    /// <summary>(bytes, SHA-256 hex lower-case) as counted at the receiving end.</summary>
    public static async Task<(long Bytes, string Sha256)> SendAsync(string netns, string host, int port, string file)
    {
        var output = await Netns.RunCheckedAsync(netns, "python3", "-c", Script, host, port.ToString(System.Globalization.CultureInfo.InvariantCulture), file);
        var parts = output.Trim().Split(' ');
        Assert.True(parts.Length == 2, $"the sink answered '{output.Trim()}'");
        return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1]);
    }
}
