using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;

namespace QuantumAgents.Core.Tests.Systemd;

/// <summary>
/// Stands in for Kestrel: a hosted service whose start binds a listening socket, and takes a
/// while doing it. READY=1 must not reach systemd before it listens.
/// </summary>
public sealed class ListeningService : IHostedService, IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private volatile bool _listening;

    public bool Listening => _listening;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        _listener.Start();
        _listening = true;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();
}
