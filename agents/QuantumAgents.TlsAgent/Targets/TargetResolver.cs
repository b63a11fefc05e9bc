using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.TlsAgent.Targets;

/// <summary>
/// Turns a session's <c>target</c> (HOST:PORT) into endpoints the policy allows. A name is
/// resolved here, once, and the agent connects only to the addresses checked here: a second
/// resolution at connect time could answer differently (DNS rebinding). A name is as trusted as
/// its worst address: if any address it resolves to is refused, the whole target is.
/// </summary>
public sealed class TargetResolver(ITargetPolicy policy, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    /// <summary>With the system resolver (<c>getaddrinfo</c>).</summary>
    public TargetResolver(ITargetPolicy policy)
        : this(policy, Dns.GetHostAddressesAsync)
    {
    }

    public ITargetPolicy Policy => policy;

    /// <summary>
    /// The checked endpoints, or the refusal. A name that does not resolve is no refusal but a
    /// failure (<see cref="SocketException"/>): it may resolve later, and says nothing about the node.
    /// </summary>
    public async Task<CheckedTarget> ResolveAsync(string target, CancellationToken cancellationToken)
    {
        if (!HostPort.TryParse(target, out var host, out var port))
        {
            return CheckedTarget.Refused($"target '{target}' is not HOST:PORT");
        }
        if (IPAddress.TryParse(host, out var literal))
        {
            return Check([literal], port, name: null);
        }
        var addresses = await resolve(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        return Check(addresses, port, host);
    }

    /// <summary>
    /// The refusal of a target given as an address, without waiting for a connection (so a
    /// reconcile pass can fail the session at once); null for an allowed address or a name,
    /// which is checked when a connection resolves it.
    /// </summary>
    public string? RefusalOfAddress(string target) =>
        HostPort.TryParse(target, out var host, out var port) && IPAddress.TryParse(host, out var literal)
            ? Check([literal], port, name: null).Refusal
            : null;

    private CheckedTarget Check(IPAddress[] addresses, int port, string? name)
    {
        var endpoints = new List<IPEndPoint>(addresses.Length);
        foreach (var address in addresses)
        {
            var endpoint = new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port);
            if (policy.RefusalOf(endpoint) is { } refusal)
            {
                return CheckedTarget.Refused(name is null ? refusal : $"{name} resolves to {endpoint.Address}, and {refusal}");
            }
            endpoints.Add(endpoint);
        }
        return new CheckedTarget(endpoints, null);
    }
}
