namespace QuantumAgents.QrngAgent.Feeding;

/// <summary>What the feeder is doing, as reported (snake_case on the wire).</summary>
public enum FeederState
{
    Starting,

    /// <summary>The source delivers healthy bytes and the device takes them.</summary>
    Feeding,

    /// <summary>The source failed (a health test, an error); retried after a backoff, nothing written meanwhile.</summary>
    SourceOutOfService,

    /// <summary>The device is missing or refused a write; retried.</summary>
    DeviceUnavailable,
}
