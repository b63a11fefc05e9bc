using System.Text;

namespace QuantumAgents.Cli.Api;

/// <summary>A successful (2xx) answer of the control plane.</summary>
public sealed record ApiAnswer(int Status, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}
