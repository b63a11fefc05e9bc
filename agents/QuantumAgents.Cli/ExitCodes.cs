namespace QuantumAgents.Cli;

/// <summary>What qactl's exit status means; scripts may rely on these (docs/qactl.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The call worked but the service did not reach its goal: failed, still not ready after --wait, keys that differ.</summary>
    public const int NotReady = 1;

    /// <summary>The command line is wrong (unknown command or option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>The control plane or a KME refused the request (HTTP 4xx): its reason is printed.</summary>
    public const int Refused = 3;

    /// <summary>No usable answer: connection refused, timeout, TLS failure, HTTP 5xx.</summary>
    public const int Unreachable = 4;

    /// <summary>The configuration is missing or wrong (EX_CONFIG, as the daemons use).</summary>
    public const int Config = 78;
}
