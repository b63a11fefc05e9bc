using System.Text.Json.Serialization;
using QuantumAgents.Cli.Api;
using QuantumAgents.Cli.Config;
using QuantumAgents.Contracts;

namespace QuantumAgents.Cli;

/// <summary>
/// Every JSON qactl reads or writes, source-generated (NativeAOT); snake_case like the API.
/// Fields of an answer that qactl does not know are ignored, so a newer control plane does not
/// break an older qactl (--json prints the answer whole).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(QactlConfigFile))]
[JsonSerializable(typeof(TunnelView))]
[JsonSerializable(typeof(TunnelList))]
[JsonSerializable(typeof(TlsSessionView))]
[JsonSerializable(typeof(TlsSessionList))]
[JsonSerializable(typeof(NodesView))]
[JsonSerializable(typeof(EntropyView))]
[JsonSerializable(typeof(UsageView))]
[JsonSerializable(typeof(ProblemView))]
[JsonSerializable(typeof(TunnelRequest))]
[JsonSerializable(typeof(TlsSessionRequest))]
[JsonSerializable(typeof(KeyRoundTripView))]
[JsonSerializable(typeof(QuotaView))]
internal sealed partial class QactlJsonContext : JsonSerializerContext;
