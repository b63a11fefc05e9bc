using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using QuantumAgents.Contracts;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>
/// The contract's enums in the OpenAPI document as they are on the wire, one of their words: their
/// strict converters are opaque to the framework's schema generator, which would say nothing.
/// </summary>
public static class ContractSchemas
{
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = context.JsonTypeInfo.Type;
        var words = type == typeof(ResourceState) ? ResourceStates.All.Select(s => s.Name())
            : type == typeof(AgentKind) ? AgentKinds.All.Select(k => k.Name())
            : null;
        if (words is not null)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. words.Select(word => (JsonNode)JsonValue.Create(word))];
        }
        return Task.CompletedTask;
    }
}
