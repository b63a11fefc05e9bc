using System.Text.Json.Serialization;

namespace QuantumAgents.Kme.Api;

/// <summary>Source-generated (AOT) JSON for what the KME adds to the standard answers.</summary>
[JsonSerializable(typeof(LinkStatusExtension))]
[JsonSerializable(typeof(VirtualStatusExtension))]
public sealed partial class KmeApiJsonContext : JsonSerializerContext;
