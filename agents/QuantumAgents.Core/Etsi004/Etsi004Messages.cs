using System.Text.Json.Serialization;

namespace QuantumAgents.Core.Etsi004;

/// <summary>OPEN_CONNECT: both applications of a stream open it, the second with the first one's key_stream_id.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OpenConnectRequest
{
    /// <summary><c>qkd://&lt;SAE_ID&gt;</c> (an <c>@host</c> part is accepted): the stream's initiating application.</summary>
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("destination")] public required string Destination { get; init; }
    [JsonPropertyName("qos")] public Etsi004Qos Qos { get; set; } = new();
    [JsonPropertyName("key_stream_id")] public string? KeyStreamId { get; init; }
}

public sealed record OpenConnectResponse
{
    [JsonPropertyName("status")] public required Etsi004Status Status { get; init; }
    [JsonPropertyName("key_stream_id")] public string? KeyStreamId { get; init; }
    [JsonPropertyName("qos")] public Etsi004Qos? Qos { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}

/// <summary>GET_KEY's answer: the chunk at <c>index</c>, base64 in <c>key_buffer</c>.</summary>
public sealed record GetKeyResponse
{
    [JsonPropertyName("status")] public required Etsi004Status Status { get; init; }
    [JsonPropertyName("index")] public long? Index { get; init; }
    [JsonPropertyName("key_buffer")] public byte[]? KeyBuffer { get; init; }
    [JsonPropertyName("metadata")] public string? Metadata { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CloseRequest
{
    [JsonPropertyName("key_stream_id")] public required string KeyStreamId { get; init; }
}

public sealed record CloseResponse
{
    [JsonPropertyName("status")] public required Etsi004Status Status { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = false)]
[JsonSerializable(typeof(OpenConnectRequest))]
[JsonSerializable(typeof(OpenConnectResponse))]
[JsonSerializable(typeof(GetKeyResponse))]
[JsonSerializable(typeof(CloseRequest))]
[JsonSerializable(typeof(CloseResponse))]
public sealed partial class Etsi004JsonContext : JsonSerializerContext;
