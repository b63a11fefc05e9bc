namespace QuantumAgents.Cli.Config;

/// <summary>The configuration in effect: the file (if any) with the environment's overrides applied.</summary>
/// <param name="Source">Where it came from, for error messages ("/run/qa-testbed/qactl.json", "QACTL_URL").</param>
public sealed record QactlConfig(string Source, Uri Url, string? Ca, string? Token, IReadOnlyDictionary<string, QactlNodeConfig> Nodes)
{
    /// <summary>The node's entry, or a configuration error that says what to add.</summary>
    public QactlNodeConfig Node(string name) =>
        Nodes.TryGetValue(name, out var node)
            ? node
            : throw new ConfigException($"{Source}: no entry for node '{name}' under \"nodes\" (known: {Known()}); add {{\"kme_url\", \"certificate\", \"key\"}} for it");

    private string Known() => Nodes.Count == 0 ? "none" : string.Join(", ", Nodes.Keys.Order(StringComparer.Ordinal));
}
