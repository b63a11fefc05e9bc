using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Core.ControlPlane;

/// <summary>The <c>control_plane</c> section of an agent's configuration.</summary>
public sealed class ControlPlaneClientOptions
{
    /// <summary>The control plane's base URL, e.g. <c>https://198.18.255.254:8480</c>.</summary>
    [ConfigurationKeyName("url")] public string Url { get; set; } = "";

    /// <summary>A file holding this node's agent token (mode 0600; never in the config itself).</summary>
    [ConfigurationKeyName("token_file")] public string TokenFile { get; set; } = "";

    /// <summary>The CA the control plane's certificate must chain to; the system's roots when empty.</summary>
    [ConfigurationKeyName("ca")] public string Ca { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return "control_plane.url: an http(s) URL is required";
        }
        if (!File.Exists(TokenFile))
        {
            yield return $"control_plane.token_file: '{TokenFile}' does not exist";
        }
        if (Ca.Length > 0 && !File.Exists(Ca))
        {
            yield return $"control_plane.ca: {Ca} does not exist";
        }
    }
}
