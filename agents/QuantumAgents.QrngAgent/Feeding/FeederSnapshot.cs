namespace QuantumAgents.QrngAgent.Feeding;

/// <summary>The feeder at one moment; <see cref="FillLevel"/> is -1 until the device was first read.</summary>
public sealed record FeederSnapshot(FeederState State, string? LastFailure, long BytesFed, long FillLevel, long SourceFailures, long DeviceFailures);
