namespace QuantumAgents.Core.Entropy;

/// <summary>How a REST entropy service returns its bytes.</summary>
public enum RestEntropyFormat
{
    /// <summary>The body is the bytes (application/octet-stream).</summary>
    Raw,

    /// <summary>The body is the bytes in base64.</summary>
    Base64,

    /// <summary>The body is a JSON object with the bytes in base64 in one (top-level) field.</summary>
    Json,
}
