using QuantumAgents.Core.Entropy.Health;
using QuantumAgents.Core.Net;

namespace QuantumAgents.Core.Entropy;

/// <summary>Builds the configured entropy source, health-tested unless it is the simulated one.</summary>
public static class EntropySources
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static IEntropySource Create(EntropySourceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        IEntropySource raw = options.Kind switch
        {
            "simulated" => new SimulatedEntropySource(),
            "device" => new DeviceEntropySource(options.Path, options.Quantum),
            "rest" => Rest(options, options.Url, options.Header, Enum.Parse<RestEntropyFormat>(options.Format, ignoreCase: true), $"REST {RedactedUrl(options.Url)}"),
            "control_plane" => Rest(options, options.Url.TrimEnd('/') + "/api/v1/entropy?bytes={bytes}&format=raw",
                "Authorization: Bearer " + File.ReadAllText(options.TokenFile).Trim(), RestEntropyFormat.Raw, $"control plane {RedactedUrl(options.Url)}"),
            _ => throw new ArgumentException($"unknown entropy source kind '{options.Kind}'", nameof(options)),
        };
        return raw is SimulatedEntropySource
            ? raw
            : new HealthTestedEntropySource(raw, options.MinEntropyPerByte, time,
                TimeSpan.FromSeconds(options.BackoffSeconds), TimeSpan.FromSeconds(options.MaxBackoffSeconds));
    }

    private static RestEntropySource Rest(EntropySourceOptions options, string url, string header, RestEntropyFormat format, string description)
    {
        var http = ServerCaPinning.CreateClient(options.Ca.Length > 0 ? options.Ca : null, RequestTimeout);
        if (header.Length > 0)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            http.DefaultRequestHeaders.TryAddWithoutValidation(header[..colon].Trim(), header[(colon + 1)..].Trim());
        }
        return new RestEntropySource(http, url, format, options.JsonField, options.MaxBytesPerRequest, options.Quantum, description);
    }

    /// <summary>Scheme, host and path: a query may carry an API key.</summary>
    private static string RedactedUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "?";
}
