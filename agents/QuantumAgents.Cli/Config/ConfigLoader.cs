using System.Text.Json;

namespace QuantumAgents.Cli.Config;

/// <summary>
/// Finds and reads qactl's configuration: <c>--config</c>, else <c>$QACTL_CONFIG</c>, else
/// <c>~/.config/quantum-agents/qactl.json</c> (or under <c>$XDG_CONFIG_HOME</c>); then
/// <c>QACTL_URL</c>, <c>QACTL_TOKEN</c> and <c>QACTL_CA</c> override what the file says.
/// </summary>
public static class ConfigLoader
{
    public const string ConfigVariable = "QACTL_CONFIG";
    public const string UrlVariable = "QACTL_URL";
    public const string TokenVariable = "QACTL_TOKEN";
    public const string CaVariable = "QACTL_CA";

    public static QactlConfig Load(string? explicitPath, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (path, looked) = Locate(explicitPath, environment);
        var file = path is null ? new QactlConfigFile() : Read(path);
        var directory = path is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var source = path ?? UrlVariable;

        var url = Value(environment(UrlVariable)) ?? file.Url
            ?? throw new ConfigException(path is null
                ? $"no configuration: looked in {looked}; write that file or set {UrlVariable} and {TokenVariable} " +
                  $"(on the testbed: export {ConfigVariable}=/run/qa-testbed/qactl.json)"
                : $"{path}: \"url\" is missing (the control plane, e.g. https://198.18.255.254:8480)");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ConfigException($"{(Value(environment(UrlVariable)) is null ? path + ": \"url\"" : UrlVariable)}: '{url}' is not an https:// URL");
        }
        var ca = Value(environment(CaVariable)) is { } envCa ? Path.GetFullPath(envCa) : Resolve(directory, file.Ca);
        var token = Value(environment(TokenVariable)) ?? Token(path, directory, file);
        var nodes = new Dictionary<string, QactlNodeConfig>(StringComparer.Ordinal);
        foreach (var (name, node) in file.Nodes ?? [])
        {
            node.Certificate = Resolve(directory, node.Certificate);
            node.Key = Resolve(directory, node.Key);
            nodes[name] = node;
        }
        return new QactlConfig(source, uri, ca, token, nodes);
    }

    /// <summary>The default file: <c>$XDG_CONFIG_HOME/quantum-agents/qactl.json</c>, else under <c>~/.config</c>.</summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = Value(environment("XDG_CONFIG_HOME"))
            ?? Path.Combine(Value(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(root, "quantum-agents", "qactl.json");
    }

    private static (string? Path, string Looked) Locate(string? explicitPath, Func<string, string?> environment)
    {
        if (Value(explicitPath) is { } given)
        {
            return File.Exists(given) ? (given, given) : throw new ConfigException($"--config {given}: no such file");
        }
        if (Value(environment(ConfigVariable)) is { } fromVariable)
        {
            return File.Exists(fromVariable) ? (fromVariable, fromVariable) : throw new ConfigException($"{ConfigVariable}={fromVariable}: no such file");
        }
        var fallback = DefaultPath(environment);
        return File.Exists(fallback) ? (fallback, fallback) : (null, $"{ConfigVariable} (unset) and {fallback} (missing)");
    }

    private static QactlConfigFile Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, QactlJsonContext.Default.QactlConfigFile)
                ?? throw new ConfigException($"{path}: empty; expected a JSON object with \"url\"");
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read: {e.Message}", e);
        }
    }

    private static string? Token(string? path, string directory, QactlConfigFile file)
    {
        if (file.Token is not null && file.TokenFile is not null)
        {
            throw new ConfigException($"{path}: set one of \"token\" and \"token_file\", not both");
        }
        if (Resolve(directory, file.TokenFile) is not { } tokenFile)
        {
            return Value(file.Token);
        }
        try
        {
            return Value(File.ReadAllText(tokenFile).Trim())
                ?? throw new ConfigException($"{path}: \"token_file\" {tokenFile} is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: \"token_file\" {tokenFile}: {e.Message}", e);
        }
    }

    private static string? Resolve(string directory, string? path) => Value(path) is { } p ? Path.GetFullPath(p, directory) : null;

    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
