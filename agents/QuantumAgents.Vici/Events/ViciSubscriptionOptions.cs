namespace QuantumAgents.Vici.Events;

public sealed class ViciSubscriptionOptions
{
    public required string SocketPath { get; init; }

    public required IReadOnlyList<string> Events { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first pause between reconnection attempts; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);
}
