using System.Globalization;
using System.Text.RegularExpressions;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>One re-authentication of a tunnel's IKE_SA, as the initiator's charon logged it.</summary>
/// <param name="Established">When the new IKE_SA (and with it the new CHILD_SA) was up.</param>
/// <param name="MakeBeforeBreak">The new IKE_SA was up before the old one was deleted.</param>
public sealed record CharonReauthentication(TimeSpan Established, bool MakeBeforeBreak);

/// <summary>
/// A testbed node's charon filelog (scripts/lib/charon.sh: "HH:MM:SS.mmm" time stamps, IKE at
/// level 2), read for what the tests cannot ask over VICI once it is over.
/// </summary>
public static partial class CharonLog
{
    /// <summary>The re-authentications of <paramref name="tunnelId"/>'s IKE_SA logged by <paramref name="node"/>'s charon, in order.</summary>
    public static async Task<IReadOnlyList<CharonReauthentication>> ReauthenticationsAsync(string node, string tunnelId)
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(Testbed.Directory, "logs", $"charon-{node}.filelog")))
            .Select(Parse).OfType<(TimeSpan At, string Text)>().ToList();
        var name = Regex.Escape("qa-" + tunnelId);
        var reauthenticating = new Regex($@"reauthenticating IKE_SA {name}\[(\d+)\]");
        var established = new Regex($@"IKE_SA {name}\[(\d+)\] established between");
        List<CharonReauthentication> found = [];
        for (var i = 0; i < lines.Count; i++)
        {
            if (reauthenticating.Match(lines[i].Text) is not { Success: true } old)
            {
                continue;
            }
            var oldSa = old.Groups[1].Value;
            var up = lines.FindIndex(i, line => established.Match(line.Text) is { Success: true } m && m.Groups[1].Value != oldSa);
            var deleted = lines.FindIndex(i, line => line.Text.Contains($"deleting IKE_SA qa-{tunnelId}[{oldSa}]", StringComparison.Ordinal));
            if (up >= 0)
            {
                found.Add(new CharonReauthentication(lines[up].At, deleted < 0 || up < deleted));
            }
        }
        return found;
    }

    private static (TimeSpan At, string Text)? Parse(string line)
    {
        var match = LogLine().Match(line);
        return match.Success
            ? (TimeSpan.ParseExact(match.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture), match.Groups[2].Value)
            : null;
    }

    [GeneratedRegex(@"^(\d\d:\d\d:\d\d\.\d\d\d) (.*)$")]
    private static partial Regex LogLine();
}
