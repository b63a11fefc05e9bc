namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// One KME-to-KME request as it crossed the wire (what an eavesdropper records), what the tap
/// did to it, and the callee's status (0 when it could not be reached, then <see cref="Error"/> says why).
/// </summary>
public sealed record TappedMessage(string Link, string Caller, string Path, string Body, TapFault Fault, int Status, string? Error = null);
