using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Core.Hosting;

/// <summary>
/// Where a daemon's settings come from, in increasing priority: the JSON file
/// (<c>--config PATH</c>, else <c>$QA_CONFIG_DIR/&lt;part&gt;.json</c>, else
/// <c>/etc/quantum-agents/&lt;part&gt;.json</c>), then <c>QA_</c> environment variables
/// (<c>QA_keys__ttl_seconds=60</c> overrides <c>keys.ttl_seconds</c>).
/// </summary>
public static partial class DaemonConfiguration
{
    public const string DefaultDirectory = "/etc/quantum-agents";
    public const string EnvironmentPrefix = "QA_";

    public static string ResolveConfigPath(string part, DaemonArguments arguments)
    {
        if (arguments.ConfigPath is { } explicitPath)
        {
            return Path.GetFullPath(explicitPath);
        }
        var directory = Environment.GetEnvironmentVariable("QA_CONFIG_DIR") ?? DefaultDirectory;
        return Path.Combine(directory, part + ".json");
    }

    /// <summary>
    /// Loads, binds and validates; throws <see cref="DaemonConfigurationException"/> with one line
    /// naming the first bad field. Unknown keys in the file are errors (a typo must not silently
    /// become a default); the environment may carry other <c>QA_</c> variables, so there they are not.
    /// </summary>
    public static TOptions Load<TOptions>(DaemonArguments arguments)
        where TOptions : class, IDaemonOptions<TOptions>
    {
        var path = ResolveConfigPath(TOptions.Part, arguments);
        // An explicit --config must exist; the default path may be absent when the environment
        // carries everything (containers), and validation then names what is missing.
        if (arguments.ConfigPath is not null && !File.Exists(path))
        {
            throw new DaemonConfigurationException($"configuration file {path} does not exist");
        }
        var fileOnly = Build(path, withEnvironment: false);
        Bind<TOptions>(fileOnly, rejectUnknownKeys: true, path);
        var options = Bind<TOptions>(Build(path, withEnvironment: true), rejectUnknownKeys: false, path);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new DaemonConfigurationException($"{path}: {string.Join("; ", problems)}");
        }
        return options;
    }

    private static IConfigurationRoot Build(string path, bool withEnvironment)
    {
        var builder = new ConfigurationBuilder().AddJsonFile(path, optional: true, reloadOnChange: false);
        if (withEnvironment)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new DaemonConfigurationException($"{path}: {OneLine(e.GetBaseException().Message)}");
        }
    }

    private static TOptions Bind<TOptions>(IConfiguration configuration, bool rejectUnknownKeys, string path)
        where TOptions : class, IDaemonOptions<TOptions>
    {
        try
        {
            return TOptions.Bind(configuration, rejectUnknownKeys);
        }
        catch (InvalidOperationException e)
        {
            throw new DaemonConfigurationException($"{path}: {Readable(e.Message)}");
        }
    }

    /// <summary>The binder's unknown-key message, said the way an admin reads it.</summary>
    private static string Readable(string binderMessage)
    {
        var match = UnknownKeys().Match(binderMessage);
        return match.Success
            ? $"unknown setting(s) {match.Groups["keys"].Value} in {match.Groups["type"].Value.Split('.')[^1]}"
            : OneLine(binderMessage);
    }

    [GeneratedRegex(@"not found on the instance of (?<type>[\w.]+): (?<keys>.+)$", RegexOptions.Singleline)]
    private static partial Regex UnknownKeys();

    private static string OneLine(string text) =>
        string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
