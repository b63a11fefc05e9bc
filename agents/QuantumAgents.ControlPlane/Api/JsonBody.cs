using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Api;

/// <summary>Reads a JSON request body, turning every way it can be wrong into a 400 that says where.</summary>
public static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is { } contentType
            && !(System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
                 && (media.MediaType is "application/json" || media.MediaType?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true)))
        {
            throw RequestRefusedException.BadRequest($"body: Content-Type must be application/json, not '{contentType}'");
        }
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted).ConfigureAwait(false)
                   ?? throw RequestRefusedException.BadRequest("body: a JSON object is required, not null");
        }
        catch (JsonException e)
        {
            throw RequestRefusedException.BadRequest(Describe(e));
        }
    }

    private static string Describe(JsonException e)
    {
        var field = e.Path is { Length: > 2 } path ? path[2..] : "body";
        var message = e.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return $"{field}: unknown field";
        }
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return $"{field}: {Expected(message)}";
        }
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal)
            || message.Contains("Expected depth to be zero", StringComparison.Ordinal)
            || message.Contains("end of data", StringComparison.Ordinal))
        {
            return "body: a complete JSON object is required";
        }
        // Otherwise the parser's first sentence says what and where (line, byte).
        return $"body: not valid JSON: {message.Split(" Path:", 2)[0].TrimEnd('.')}";
    }

    /// <summary>The serializer names .NET types; say what the JSON should have held instead.</summary>
    private static string Expected(string message) =>
        // Only an agent's report reads a state: it names what an agent may report, as the validator does.
        message.Contains(nameof(ResourceState), StringComparison.Ordinal) ? $"one of {string.Join(", ", ResourceStates.Reportable.Select(s => s.Name()))}"
        : message.Contains("List`1[System.String]", StringComparison.Ordinal) ? "must be an array of strings"
        : message.Contains("System.String", StringComparison.Ordinal) ? "must be a string"
        : message.Contains("System.Int32", StringComparison.Ordinal) || message.Contains("System.Int64", StringComparison.Ordinal) ? "must be a whole number"
        : message.Contains("Dictionary`2", StringComparison.Ordinal) ? "must be an object of strings"
        : "has the wrong type";
}
