using QuantumAgents.Vici.Messages;

namespace QuantumAgents.Vici.Commands;

/// <summary>The answer to <c>version</c>.</summary>
public sealed record ViciVersion(string Daemon, string Version, string SysName, string Release, string Machine)
{
    internal static ViciVersion From(ViciSection response) => new(
        response.GetString("daemon") ?? "",
        response.GetString("version") ?? "",
        response.GetString("sysname") ?? "",
        response.GetString("release") ?? "",
        response.GetString("machine") ?? "");
}
