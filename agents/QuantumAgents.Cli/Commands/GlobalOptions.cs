using System.CommandLine;

namespace QuantumAgents.Cli.Commands;

/// <summary>Options every command takes.</summary>
public sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON answer instead of text", Recursive = true };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "Configuration file (default: $QACTL_CONFIG, else ~/.config/quantum-agents/qactl.json)",
        HelpName = "FILE",
        Recursive = true,
    };
}
