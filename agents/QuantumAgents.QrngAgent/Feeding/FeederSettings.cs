using QuantumAgents.QrngAgent.Options;

namespace QuantumAgents.QrngAgent.Feeding;

/// <summary>The feeder's knobs, from the agent's options.</summary>
public sealed record FeederSettings(int BatchBytes, long RateBytesPerSecond, TimeSpan FirstRetryPause, TimeSpan MaxRetryPause)
{
    public static FeederSettings From(QrngAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new FeederSettings(options.BatchBytes, options.RateBytesPerSecond,
            TimeSpan.FromSeconds(options.Source.BackoffSeconds), TimeSpan.FromSeconds(options.Source.MaxBackoffSeconds));
    }
}
