using System.Text.Json;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>A session's counters, updated by its connections on any thread and reported as <c>details</c>.</summary>
public sealed class SessionTraffic
{
    private long _open;
    private long _total;
    private long _bytesToServer;
    private long _bytesToClient;
    private long _keys;
    private long _refused;
    private volatile string? _lastError;

    /// <summary>Raised when a counter changes, so the agent can report soon instead of at the next heartbeat.</summary>
    public event Action? Changed;

    public long ConnectionsOpen => Interlocked.Read(ref _open);

    public long ConnectionsTotal => Interlocked.Read(ref _total);

    public long BytesToServer => Interlocked.Read(ref _bytesToServer);

    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    public long KeysConsumed => Interlocked.Read(ref _keys);

    /// <summary>Connections reset at once because the session already carried its <c>max_connections</c>.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);

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

    /// <summary>A connection over the session's limit was reset instead of queued.</summary>
    public void Refused(int limit)
    {
        Interlocked.Increment(ref _refused);
        Failed($"refused a connection: the session already carries its max_connections ({limit})");
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
