namespace QuantumAgents.Core.Hosting;

/// <summary>The command line every daemon accepts: <c>--config PATH</c> and nothing else.</summary>
public sealed record DaemonArguments(string? ConfigPath)
{
    public static DaemonArguments Parse(IReadOnlyList<string> args)
    {
        string? configPath = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--config" when i + 1 < args.Count:
                    configPath = args[++i];
                    break;
                case "--config":
                    throw new DaemonConfigurationException("--config needs a path");
                default:
                    if (args[i].StartsWith("--config=", StringComparison.Ordinal))
                    {
                        configPath = args[i]["--config=".Length..];
                        if (configPath.Length == 0)
                        {
                            throw new DaemonConfigurationException("--config needs a path");
                        }
                        break;
                    }
                    throw new DaemonConfigurationException($"unknown argument '{args[i]}' (usage: --config PATH)");
            }
        }
        return new DaemonArguments(configPath);
    }
}
