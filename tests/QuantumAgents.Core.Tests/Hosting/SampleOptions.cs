using Microsoft.Extensions.Configuration;
using QuantumAgents.Core.Hosting;

namespace QuantumAgents.Core.Tests.Hosting;

/// <summary>A small daemon configuration shaped like KmeOptions, for testing <see cref="DaemonConfiguration"/>.</summary>
public sealed class SampleOptions : IDaemonOptions<SampleOptions>
{
    public static string Part => "sample";

    [ConfigurationKeyName("name")] public string Name { get; set; } = "";
    [ConfigurationKeyName("limits")] public SampleLimits Limits { get; set; } = new();

    public static SampleOptions Bind(IConfiguration configuration, bool rejectUnknownKeys) =>
        configuration.Get<SampleOptions>(binder => binder.ErrorOnUnknownConfiguration = rejectUnknownKeys) ?? new SampleOptions();

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return "name: required";
        }
        if (Limits.MaxItems < 1)
        {
            yield return "limits.max_items: at least 1";
        }
    }
}

public sealed class SampleLimits
{
    [ConfigurationKeyName("max_items")] public int MaxItems { get; set; } = 10;
    [ConfigurationKeyName("ttl_seconds")] public int TtlSeconds { get; set; } = 60;
}
