using QuantumAgents.Core.Hosting;

namespace QuantumAgents.QrngAgent.Device;

/// <summary>
/// <c>--load-module [--writer-group NAME]</c> among the daemon's arguments: the privileged step
/// (<see cref="ModulePreparation"/>) instead of the daemon. The rest is the daemon's own command line.
/// </summary>
public sealed record ModulePreparationArguments(string? WriterGroup, string[] DaemonArgs)
{
    public const string Flag = "--load-module";
    private const string GroupFlag = "--writer-group";

    /// <summary>Null when <paramref name="args"/> do not ask for the step.</summary>
    public static ModulePreparationArguments? Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!args.Contains(Flag))
        {
            if (args.Contains(GroupFlag))
            {
                throw new DaemonConfigurationException($"{GroupFlag} only goes with {Flag}");
            }
            return null;
        }
        string? group = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == Flag)
            {
                continue;
            }
            if (args[i] == GroupFlag)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new DaemonConfigurationException($"{GroupFlag} needs a group name");
                }
                group = args[++i];
                continue;
            }
            rest.Add(args[i]);
        }
        return new ModulePreparationArguments(group, [.. rest]);
    }
}
