using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.Cli.Tests;

/// <summary>A control plane that is not there, over real sockets on loopback: exit 4 and what to check.</summary>
public sealed class UnreachableTests : IDisposable
{
    private readonly Qactl _qactl = new();

    public void Dispose() => _qactl.Dispose();

    [Fact]
    public async Task A_closed_port_is_connection_refused_and_asks_whether_qa_controld_runs()
    {
        var url = $"https://127.0.0.1:{ClosedPort()}";
        _qactl.Environment["QACTL_URL"] = url;
        _qactl.Environment["QACTL_TOKEN"] = "t";

        var result = await _qactl.RunAsync("tunnel", "ls");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"cannot reach {url}/: connection refused", result.Error, StringComparison.Ordinal);
        Assert.Contains("is qa-controld running?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_TLS_fails_the_handshake_and_says_which_CA_was_expected()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // Answers the ClientHello with plain HTTP: no certificate at all.
        var plain = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            await stream.ReadAtLeastAsync(new byte[1024], 1);
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
        });
        _qactl.Environment["QACTL_URL"] = $"https://127.0.0.1:{port}";

        var result = await _qactl.RunAsync("nodes");
        await plain;

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("TLS failed", result.Error, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
