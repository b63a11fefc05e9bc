namespace QuantumAgents.Core.Entropy;

/// <summary>
/// Random bytes for key material: a QRNG appliance, a vendor character device, the control
/// plane's entropy API, or the simulated source. Whoever shows where bytes came from must
/// also show <see cref="IsQuantum"/>.
/// </summary>
public interface IEntropySource
{
    /// <summary>Said in logs and status, e.g. "simulated (OS CSPRNG, not quantum)".</summary>
    string Description { get; }

    bool IsQuantum { get; }

    /// <summary>Fills <paramref name="destination"/> completely, or throws.</summary>
    ValueTask FillAsync(Memory<byte> destination, CancellationToken cancellationToken);
}
