using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>
/// <c>openssl s_server</c> on 127.0.0.1 and a free ephemeral port, one connection
/// (<c>-naccept 1</c>), replying to each line with the line reversed (<c>-rev</c>). Its stdin
/// stays open: at EOF s_server would quit.
/// </summary>
public sealed class OpenSslServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Printed)> _waiters = [];
    private readonly TaskCompletionSource _accepting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OpenSslServer(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<OpenSslServer> StartAsync(params string[] arguments)
    {
        var port = FreePort();
        var server = new OpenSslServer(OpenSslProgram.Start(["s_server", "-accept", $"127.0.0.1:{port}", "-naccept", "1", "-rev", .. arguments]), port);
        var exited = server._process.WaitForExitAsync();
        var first = await Task.WhenAny(server._accepting.Task, exited).WaitAsync(TimeSpan.FromSeconds(30));
        if (first == exited)
        {
            throw new InvalidOperationException($"openssl s_server exited at start: {server.Output}");
        }
        return server;
    }

    public async Task<NetworkStream> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, Port);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>
    /// Waits until s_server has printed <paramref name="text"/> (its error lines arrive after the
    /// handshake fails), or has exited, or 30 s passed; returns everything it printed.
    /// </summary>
    public async Task<string> WaitForOutputAsync(string text)
    {
        var printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return _output.ToString();
            }
            _waiters.Add((text, printed));
        }
        await Task.WhenAny(printed.Task, _process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        return Output;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
            var output = _output.ToString();
            foreach (var waiter in _waiters.Where(w => output.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Printed.TrySetResult();
            }
        }
        if (line.StartsWith("ACCEPT", StringComparison.Ordinal))
        {
            _accepting.TrySetResult();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
