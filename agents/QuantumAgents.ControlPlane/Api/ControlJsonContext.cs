using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>
/// Every body the API reads or writes, source-generated (NativeAOT). snake_case like the ETSI
/// APIs; an unknown field in a request is refused with its name rather than ignored.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(TunnelRequest))]
[JsonSerializable(typeof(TlsSessionRequest))]
[JsonSerializable(typeof(TenantRequest))]
[JsonSerializable(typeof(QuotaRequest))]
[JsonSerializable(typeof(QuotaView))]
[JsonSerializable(typeof(AgentStatusRequest))]
[JsonSerializable(typeof(TunnelView))]
[JsonSerializable(typeof(TunnelList))]
[JsonSerializable(typeof(TlsSessionView))]
[JsonSerializable(typeof(TlsSessionList))]
[JsonSerializable(typeof(NodesView))]
[JsonSerializable(typeof(EntropyView))]
[JsonSerializable(typeof(UsageView))]
[JsonSerializable(typeof(TenantView))]
[JsonSerializable(typeof(TenantList))]
[JsonSerializable(typeof(TokenView))]
[JsonSerializable(typeof(WorkView))]
[JsonSerializable(typeof(StatusAccepted))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
