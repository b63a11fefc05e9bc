using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Core.Entropy;

/// <summary>
/// Where a daemon's entropy comes from (the <c>source</c> object of its configuration); see
/// <see cref="EntropySources.Create"/>. Every source but <c>simulated</c> is health-tested.
/// </summary>
public sealed class EntropySourceOptions
{
    /// <summary><c>simulated</c> (OS CSPRNG, not quantum), <c>device</c>, <c>rest</c> or <c>control_plane</c>.</summary>
    [ConfigurationKeyName("kind")] public string Kind { get; set; } = "simulated";

    /// <summary><c>device</c>: the character device (or file) to read.</summary>
    [ConfigurationKeyName("path")] public string Path { get; set; } = "";

    /// <summary><c>rest</c>: the URL, with <c>{bytes}</c> for the count; <c>control_plane</c>: the control plane's base URL.</summary>
    [ConfigurationKeyName("url")] public string Url { get; set; } = "";

    /// <summary><c>rest</c>: one request header, <c>Name: value</c> (e.g. an API key).</summary>
    [ConfigurationKeyName("header")] public string Header { get; set; } = "";

    /// <summary><c>control_plane</c>: a file holding the tenant's bearer token.</summary>
    [ConfigurationKeyName("token_file")] public string TokenFile { get; set; } = "";

    /// <summary><c>rest</c>: <c>raw</c>, <c>base64</c> or <c>json</c>.</summary>
    [ConfigurationKeyName("format")] public string Format { get; set; } = "raw";

    /// <summary><c>rest</c> with <c>json</c>: the field that holds the base64 bytes.</summary>
    [ConfigurationKeyName("json_field")] public string JsonField { get; set; } = "data";

    /// <summary>The CA an https:// source must chain to; the system's roots when empty.</summary>
    [ConfigurationKeyName("ca")] public string Ca { get; set; } = "";

    /// <summary>Whether the hardware behind it is quantum (a test file or a PRNG is not).</summary>
    [ConfigurationKeyName("quantum")] public bool Quantum { get; set; } = true;

    [ConfigurationKeyName("max_bytes_per_request")] public int MaxBytesPerRequest { get; set; } = 64 * 1024;

    /// <summary>The min-entropy per byte the source is claimed to have; sets the health tests' cutoffs.</summary>
    [ConfigurationKeyName("min_entropy_per_byte")] public double MinEntropyPerByte { get; set; } = 6;

    [ConfigurationKeyName("backoff_seconds")] public double BackoffSeconds { get; set; } = 1;

    [ConfigurationKeyName("max_backoff_seconds")] public double MaxBackoffSeconds { get; set; } = 60;

    /// <summary>Every problem, each as "<paramref name="prefix"/>.field: what is wrong".</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        switch (Kind)
        {
            case "simulated":
                break;
            case "device" when Path.Length == 0:
                yield return $"{prefix}.path: required for kind device";
                break;
            case "rest" or "control_plane" when !Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"):
                yield return $"{prefix}.url: an http(s) URL is required for kind {Kind}";
                break;
            case "control_plane" when TokenFile.Length == 0:
                yield return $"{prefix}.token_file: required for kind control_plane";
                break;
            case "device" or "rest" or "control_plane":
                break;
            default:
                yield return $"{prefix}.kind: '{Kind}' is not one of simulated, device, rest, control_plane";
                break;
        }
        if (Kind == "rest" && Format is not ("raw" or "base64" or "json"))
        {
            yield return $"{prefix}.format: '{Format}' is not one of raw, base64, json";
        }
        if (Kind == "rest" && Header.Length > 0 && !Header.Contains(':', StringComparison.Ordinal))
        {
            yield return $"{prefix}.header: 'Name: value'";
        }
        if (Ca.Length > 0 && !File.Exists(Ca))
        {
            yield return $"{prefix}.ca: {Ca} does not exist";
        }
        if (MaxBytesPerRequest is < 1 or > 16 << 20)
        {
            yield return $"{prefix}.max_bytes_per_request: between 1 and 16777216";
        }
        if (MinEntropyPerByte is < 0.5 or > 8)
        {
            yield return $"{prefix}.min_entropy_per_byte: between 0.5 and 8";
        }
        if (BackoffSeconds <= 0 || MaxBackoffSeconds < BackoffSeconds)
        {
            yield return $"{prefix}.backoff_seconds: positive, and at most max_backoff_seconds";
        }
    }
}
