using QuantumAgents.Contracts;
using QuantumAgents.IpsecAgent.Charon;
using QuantumAgents.IpsecAgent.Kme;
using QuantumAgents.IpsecAgent.Planning;
using QuantumAgents.IpsecAgent.Tests.Initiating;
using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Commands;
using QuantumAgents.Vici.Messages;

namespace QuantumAgents.IpsecAgent.Tests.Reconciling;

/// <summary>
/// charon in memory: what is loaded, which tunnels are up, and every call made. An <c>initiate</c>
/// waits for the test (<see cref="Attempts"/>); one answered up establishes the tunnel.
/// </summary>
internal sealed class FakeCharon : ICharonTunnels
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _established = new(StringComparer.Ordinal);
    private readonly List<string> _calls = [];

    public ScriptedAttempts Attempts { get; } = new();

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public Task<CharonState> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var snapshot = new CharonSnapshot(_connections.ToHashSet(StringComparer.Ordinal), _keys.Keys.ToHashSet(StringComparer.Ordinal),
                _established.ToHashSet(StringComparer.Ordinal));
            return Task.FromResult(new CharonState(snapshot, _established.ToDictionary(id => id, Sa, StringComparer.Ordinal), "charon 6.0.0"));
        }
    }

    public Task LoadAsync(TunnelWork work, IReadOnlyList<QkdKey> keys, bool connection, CancellationToken cancellationToken)
    {
        var keyId = TunnelKeyIds.Join(keys.Select(k => k.KeyId));
        lock (_lock)
        {
            _keys[work.Id] = keyId;
            if (connection)
            {
                _connections.Add(work.Id);
            }
            _calls.Add(connection ? $"load {work.Id} {keyId}" : $"load-key {work.Id} {keyId}");
        }
        return Task.CompletedTask;
    }

    public Task<bool> ReauthenticateAsync(string tunnelId, CancellationToken cancellationToken)
    {
        Record($"reauthenticate {tunnelId}");
        return Task.FromResult(true);
    }

    public async Task InitiateAsync(string tunnelId, CancellationToken cancellationToken)
    {
        Record($"initiate {tunnelId}");
        if (await Attempts.AttemptAsync(tunnelId, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            throw new ViciCommandException("initiate", "establishing CHILD_SA 'net' failed", [failure]);
        }
        lock (_lock)
        {
            _established.Add(tunnelId);
        }
    }

    public Task RemoveAsync(string tunnelId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _connections.Remove(tunnelId);
            _keys.Remove(tunnelId);
            _established.Remove(tunnelId);
            _calls.Add($"remove {tunnelId}");
        }
        return Task.CompletedTask;
    }

    /// <summary>The peer went away: the SA is gone, the connection and key stay loaded.</summary>
    public void Down(string tunnelId)
    {
        lock (_lock)
        {
            _established.Remove(tunnelId);
        }
    }

    private void Record(string call)
    {
        lock (_lock)
        {
            _calls.Add(call);
        }
    }

    private static ViciIkeSa Sa(string tunnelId) =>
        new(TunnelNames.Connection(tunnelId), 1, "ESTABLISHED", "198.18.12.1", "198.18.23.3", "a", "b", "11", "22",
            [new ViciChildSa(TunnelNames.Child, 2, "INSTALLED", "ESP", "c1a2b3c4", "c5d6e7f8", 0, 0, 0, 0, [], [], new ViciSection())], new ViciSection());
}
