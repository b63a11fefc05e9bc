using System.Net;
using QuantumAgents.Core.Net;
using QuantumAgents.TlsAgent.Targets;

namespace QuantumAgents.TlsAgent.Tests.Support;

/// <summary>
/// The tests' target policy: the services behind the server agent run on 127.0.0.1, which the
/// real policy always refuses (loopback is infrastructure), so that one address is let through;
/// every other address is judged by a real policy that allows nothing.
/// </summary>
public sealed class LoopbackService : ITargetPolicy
{
    private readonly NodeTargetPolicy _nothingElse = new([], new InfrastructureRanges([]), () => []);

    public string? RefusalOf(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Address.Equals(IPAddress.Loopback) ? null : _nothingElse.RefusalOf(target);
    }
}
