using System.Net.Sockets;
using System.Text;

namespace QuantumAgents.Core.Tests.Systemd;

/// <summary>
/// What systemd's side of <c>NOTIFY_SOCKET</c> is: an AF_UNIX datagram socket bound to a path.
/// Each datagram the daemon sends is one message (e.g. "READY=1\nSTATUS=started").
/// </summary>
public sealed class NotifySocketListener : IDisposable
{
    private readonly string _directory;
    private readonly Socket _socket;

    public NotifySocketListener()
    {
        _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qa-notify-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "notify");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
    }

    public string Path { get; }

    /// <summary>The next datagram, or null when none came within <paramref name="within"/>.</summary>
    public async Task<string?> NextAsync(TimeSpan within)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(within);
        try
        {
            var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Skips datagrams until one contains <paramref name="assignment"/>; fails the test if none does in time.</summary>
    public async Task<string> WaitForAsync(string assignment, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var seen = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            var message = await NextAsync(deadline - DateTime.UtcNow);
            if (message is null)
            {
                break;
            }
            if (Assignments(message).Contains(assignment))
            {
                return message;
            }
            seen.Add(message.ReplaceLineEndings("|"));
        }
        Assert.Fail($"no '{assignment}' on the notify socket within {within.TotalSeconds} s; got: [{string.Join("; ", seen)}]");
        return "";
    }

    /// <summary>Every datagram that arrives within <paramref name="window"/>.</summary>
    public async Task<List<string>> CollectAsync(TimeSpan window)
    {
        var deadline = DateTime.UtcNow + window;
        var messages = new List<string>();
        while (DateTime.UtcNow < deadline && await NextAsync(deadline - DateTime.UtcNow) is { } message)
        {
            messages.Add(message);
        }
        return messages;
    }

    public static string[] Assignments(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        _socket.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
