namespace QuantumAgents.Vici.Client;

public sealed class ViciClientOptions
{
    /// <summary>The daemon's default socket; a charon per network namespace has its own.</summary>
    public const string DefaultSocketPath = "/var/run/charon.vici";

    public string SocketPath { get; init; } = DefaultSocketPath;

    /// <summary>
    /// How long one command may take before the connection is given up (a peer that stalls
    /// mid-frame must not hang us). initiate/terminate add their own timeout on top.
    /// </summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
