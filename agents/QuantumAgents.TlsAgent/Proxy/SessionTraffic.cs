using System.Text.Json;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>A session's counters, updated by its connections on any thread and reported as <c>details</c>.</summary>
public sealed class SessionTraffic
{
    private readonly long[] _refused = new long[Enum.GetValues<ConnectionRefusal>().Length];
    private long _open;
    private long _total;
    private long _bytesToServer;
    private long _bytesToClient;
    private long _keys;
    private volatile string? _lastError;

    /// <summary>Raised when a counter changes, so the agent can report soon instead of at the next heartbeat.</summary>
    public event Action? Changed;

    public long ConnectionsOpen => Interlocked.Read(ref _open);

    public long ConnectionsTotal => Interlocked.Read(ref _total);

    public long BytesToServer => Interlocked.Read(ref _bytesToServer);

    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    public long KeysConsumed => Interlocked.Read(ref _keys);

    /// <summary>Connections reset at once instead of carried, for any <see cref="ConnectionRefusal"/>.</summary>
    public long ConnectionsRefused => Enum.GetValues<ConnectionRefusal>().Sum(RefusedFor);

    /// <summary>Connections reset at once for <paramref name="reason"/>.</summary>
    public long RefusedFor(ConnectionRefusal reason) => Interlocked.Read(ref _refused[(int)reason]);

    public string? LastError => _lastError;

    public void Opened()
    {
        Interlocked.Increment(ref _open);
        Interlocked.Increment(ref _total);
        Changed?.Invoke();
    }

    public void Closed()
    {
        Interlocked.Decrement(ref _open);
        Changed?.Invoke();
    }

    public void KeyConsumed() => Interlocked.Increment(ref _keys);

    /// <summary>A connection was reset instead of carried (never queued); <paramref name="message"/> becomes <c>last_error</c>.</summary>
    public void Refused(ConnectionRefusal reason, string message)
    {
        Interlocked.Increment(ref _refused[(int)reason]);
        Failed(message);
    }

    /// <summary>Bytes that went from the client application towards the target (<paramref name="toServer"/>) or back.</summary>
    public void Carried(bool toServer, int bytes) =>
        Interlocked.Add(ref toServer ? ref _bytesToServer : ref _bytesToClient, bytes);

    /// <summary>The last failure, one line, never key material (only key IDs and program messages).</summary>
    public void Failed(string message)
    {
        _lastError = message;
        Changed?.Invoke();
    }

    /// <summary>The <c>details</c> of the session's status.</summary>
    public JsonElement ToDetails(IReadOnlyDictionary<string, string> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("connections_open", ConnectionsOpen);
            writer.WriteNumber("connections_total", ConnectionsTotal);
            writer.WriteNumber("bytes_to_server", BytesToServer);
            writer.WriteNumber("bytes_to_client", BytesToClient);
            writer.WriteNumber("keys_consumed", KeysConsumed);
            writer.WriteNumber("connections_refused", ConnectionsRefused);
            writer.WriteNumber("refused_max_connections", RefusedFor(ConnectionRefusal.MaxConnections));
            writer.WriteNumber("refused_rate_limited", RefusedFor(ConnectionRefusal.RateLimited));
            writer.WriteNumber("refused_handshake_limited", RefusedFor(ConnectionRefusal.HandshakeLimited));
            writer.WriteNumber("refused_target", RefusedFor(ConnectionRefusal.TargetRefused));
            if (LastError is { } error)
            {
                writer.WriteString("last_error", error);
            }
            foreach (var (name, value) in extra)
            {
                writer.WriteString(name, value);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
