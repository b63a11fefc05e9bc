using QuantumAgents.Contracts;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>A session this agent runs, in either role.</summary>
public interface IProxySession : IAsyncDisposable
{
    TlsSessionWork Work { get; }

    SessionTraffic Traffic { get; }

    /// <summary>Accepting connections: the client's listener, or the shared server listener, is up.</summary>
    bool Up { get; }

    /// <summary>Why it is not up, one line.</summary>
    string? DownReason { get; }

    /// <summary>Why it cannot carry connections although it is up (its target was refused at the last connection), one line.</summary>
    string? Refusal { get; }

    /// <summary>Connections still running (after a stop, those that did not finish in time).</summary>
    int LiveConnectionCount { get; }
}
