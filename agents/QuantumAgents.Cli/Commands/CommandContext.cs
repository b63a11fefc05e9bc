using System.CommandLine;
using QuantumAgents.Cli.Api;
using QuantumAgents.Cli.Config;

namespace QuantumAgents.Cli.Commands;

/// <summary>One run of a command: its parsed line, where output goes, and the configuration (read when first needed).</summary>
public sealed class CommandContext(ParseResult parse, GlobalOptions options, QactlHost host)
{
    private QactlConfig? _config;

    public ParseResult Parse { get; } = parse;

    public QactlHost Host { get; } = host;

    public TextWriter Out => Host.Out;

    public bool Json => Parse.GetValue(options.Json);

    public QactlConfig Config => _config ??= ConfigLoader.Load(Parse.GetValue(options.Config), Host.Environment);

    public ControlPlaneApi ControlPlane() =>
        new(Config, Host.ControlPlaneHandler?.Invoke(Config) ?? ControlPlaneApi.CreateHandler(Config));
}
