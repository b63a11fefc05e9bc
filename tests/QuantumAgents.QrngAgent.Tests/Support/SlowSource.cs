using QuantumAgents.Core.Entropy;

namespace QuantumAgents.QrngAgent.Tests.Support;

/// <summary>A source whose requests time out the way HttpClient's do (a TaskCanceledException nobody asked for), until it recovers.</summary>
internal sealed class SlowSource(IEntropySource recovered) : IEntropySource
{
    public volatile bool TimingOut = true;

    public string Description => "slow test source";

    public bool IsQuantum => false;

    public ValueTask FillAsync(Memory<byte> destination, CancellationToken cancellationToken) => TimingOut
        ? throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing.")
        : recovered.FillAsync(destination, cancellationToken);
}
