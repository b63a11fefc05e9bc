using System.Reflection;

namespace QuantumAgents.Core.Agents;

/// <summary>The version an agent reports in its heartbeat: its assembly's informational version, as the build stamps it.</summary>
public static class AgentVersion
{
    public static string Of(Type agentType)
    {
        ArgumentNullException.ThrowIfNull(agentType);
        return agentType.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
    }
}
