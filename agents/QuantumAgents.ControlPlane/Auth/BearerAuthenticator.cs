using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Auth;

/// <summary>Maps an <c>Authorization: Bearer</c> header to a caller: the admin and the nodes from the configuration, tenants from the state.</summary>
public sealed class BearerAuthenticator(ControlPlaneOptions options, ControlState state)
{
    private readonly FrozenDictionary<string, Caller> _configured = options.Nodes
        .Select(n => KeyValuePair.Create(n.Value.TokenSha256, Caller.Node(n.Key)))
        .Append(KeyValuePair.Create(options.AdminTokenSha256, Caller.Admin))
        .ToFrozenDictionary(StringComparer.Ordinal);

    public Caller? Authenticate(StringValues authorization)
    {
        if (authorization.Count != 1 || authorization[0] is not { } header
            || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = header.AsSpan(7).Trim();
        if (token.Length is 0 or > 256)
        {
            return null;
        }
        var hash = Tokens.Hash(token.ToString());
        if (_configured.TryGetValue(hash, out var caller))
        {
            return caller;
        }
        return state.TenantOfToken(hash) is { } tenant ? Caller.Tenant(tenant) : null;
    }
}
