using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using QuantumAgents.OpenSsl;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// The server-role sessions this node serves now, by id: the shared server listener finds a
/// connection's session here once it has read the session header. The PSK lookup asks it first
/// (<see cref="Guard"/>): the session is only named inside the TLS stream, but the key's master
/// SAE is known from the identity, and when no session here is for that SAE the connection is
/// refused before its key is fetched.
/// </summary>
public sealed class ServedSessions
{
    private readonly ConcurrentDictionary<string, ServerSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public void Add(ServerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _sessions[session.Work.Id] = session;
    }

    public void Remove(string id) => _sessions.TryRemove(id, out _);

    public bool TryGet(string id, [MaybeNullWhen(false)] out ServerSession session) => _sessions.TryGetValue(id, out session);

    /// <summary>Whether any session here takes connections keyed by <paramref name="masterSae"/> (the session's client SAE).</summary>
    public bool AnyFrom(string masterSae) => _sessions.Values.Any(s => s.Work.RemoteSae == masterSae);

    /// <summary><paramref name="lookup"/>, asked only for identities whose master SAE has a session here.</summary>
    public PskKeyLookup Guard(PskKeyLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return (identity, cancellationToken) => AnyFrom(identity.MasterSaeId)
            ? lookup(identity, cancellationToken)
            : ValueTask.FromException<Core.Secrets.SecretBytes?>(
                new UnknownPskIdentityException($"no session on this node takes connections from {identity.MasterSaeId}; its key was not fetched"));
    }
}
