using QuantumAgents.Integration.Tests.Support;

namespace QuantumAgents.EndToEnd.Tests.Support;

/// <summary>A KME's delivery ledger (every key_ID and who got it, never deleted), read with sqlite3.</summary>
public static class Ledger
{
    /// <summary>Every (key_ID, SAE) a node's KME delivered to a slave SAE whose name ends with <paramref name="saeSuffix"/>.</summary>
    public static async Task<IReadOnlyList<(string KeyId, string Sae)>> SlaveDeliveriesAsync(string node, string saeSuffix = "")
    {
        var rows = await KmeDatabase.QueryNodeAsync(node, $"SELECT key_id, sae FROM ledger WHERE role = 'slave' AND sae LIKE '%{saeSuffix}'");
        return [.. rows.Select(r => r.Split('|')).Select(p => (p[0], p[1]))];
    }

    /// <summary>Every key_ID a node's KME handed to a master SAE.</summary>
    public static async Task<IReadOnlyList<string>> MasterDeliveriesAsync(string node) =>
        await KmeDatabase.QueryNodeAsync(node, "SELECT key_id FROM ledger WHERE role = 'master'");
}
