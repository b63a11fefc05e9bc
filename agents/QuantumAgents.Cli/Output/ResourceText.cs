using System.Globalization;
using System.Text.Json;
using QuantumAgents.Cli.Api;
using QuantumAgents.Contracts;

namespace QuantumAgents.Cli.Output;

/// <summary>How tunnels and TLS sessions read as text.</summary>
public static class ResourceText
{
    public static void Tunnel(TextWriter writer, TunnelView t)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(t);
        writer.WriteLine($"tunnel {t.Id}  {t.A} ⇄ {t.B}  {StateOf(t.State, t.Reason)}");
        writer.WriteLine($"  {t.A}: {string.Join(", ", t.ASubnets)}   {t.B}: {string.Join(", ", t.BSubnets)}   auth {t.Auth}, rekey every {t.RekeySeconds} s");
        Sides(writer, t.Sides);
    }

    public static void TlsSession(TextWriter writer, TlsSessionView s)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(s);
        writer.WriteLine($"session {s.Id}  {s.ClientNode}:{s.Listen} → {s.ServerNode} → {s.Target}  {StateOf(s.State, s.Reason)}");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  at most {s.ConnectionsPerSecond} new connections per second (each a fresh QKD key)"));
        Sides(writer, s.Sides);
    }

    public static string StateOf(ResourceState state, string? reason) => reason is null ? state.Name() : $"{state.Name()} ({reason})";

    public static string Age(DateTimeOffset createdAt) => createdAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Sides(TextWriter writer, IReadOnlyList<SideView> sides)
    {
        var table = new TextTable("  NODE", "ROLE", "STATE", "AGENT", "KEY_ID", "DETAILS");
        foreach (var side in sides)
        {
            table.Add("  " + side.Node, side.Role, StateOf(side.State, side.Reason), side.AgentHealthy ? "healthy" : "not heard from",
                side.KeyId ?? "-", side.Details is { ValueKind: JsonValueKind.Object } details ? details.GetRawText() : "-");
        }
        table.WriteTo(writer);
    }
}
