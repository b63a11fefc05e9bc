using QuantumAgents.Vici.Client;

namespace QuantumAgents.IpsecAgent.Charon;

/// <summary>charon's own reason for a failed initiate, in one line for the control plane.</summary>
public static class CharonFailure
{
    // The lines that say why, most telling first: the peer's notify, then our own verdicts.
    private static readonly string[] Telling = ["AUTHENTICATION_FAILED", "AUTH_FAILED", "NO_PROPOSAL_CHOSEN", "TS_UNACCEPTABLE", "failed", "no "];

    public static string Reason(ViciCommandException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        foreach (var word in Telling)
        {
            if (failure.Log.LastOrDefault(line => line.Contains(word, StringComparison.Ordinal)) is { } line)
            {
                return $"charon: {failure.ErrorMessage}: {line}";
            }
        }
        return $"charon: {failure.ErrorMessage}";
    }
}
