using System.CommandLine;
using System.Globalization;

namespace QuantumAgents.Cli.Commands;

/// <summary><c>--wait [SECONDS]</c>: block until the final state, up to SECONDS (60 when given bare).</summary>
public static class WaitOption
{
    public const int DefaultSeconds = 60;

    public static Option<int?> Create(string what) => new("--wait")
    {
        Description = $"Wait until {what}, up to SECONDS (default {DefaultSeconds})",
        HelpName = "SECONDS",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return DefaultSeconds;
            }
            if (int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600)
            {
                return seconds;
            }
            result.AddError($"--wait: '{result.Tokens[0].Value}' is not a number of seconds between 1 and 3600");
            return null;
        },
    };

    /// <summary>The <c>?wait=</c> query for the API ("" without --wait) and the time it may take.</summary>
    public static (string Query, TimeSpan Wait) Of(int? seconds) =>
        seconds is { } s ? (string.Create(CultureInfo.InvariantCulture, $"?wait={s}"), TimeSpan.FromSeconds(s)) : ("", TimeSpan.Zero);
}
