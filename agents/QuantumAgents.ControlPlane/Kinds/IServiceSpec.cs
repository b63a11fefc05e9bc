namespace QuantumAgents.ControlPlane.Kinds;

/// <summary>A service as the user asked for it: what every kind's spec tells the key budget.</summary>
public interface IServiceSpec
{
    /// <summary>
    /// The sustained draw of QKD key, in bits per second, on every link of the key path (a
    /// relayed key costs each link the same bits); the agents hold the service to it.
    /// </summary>
    double KeyBitsPerSecond(int keyBits);
}
