using Microsoft.Data.Sqlite;
using QuantumAgents.Core.Storage;

namespace QuantumAgents.ControlPlane.Store;

/// <summary>The control plane's typed statements, run on the store's writer thread.</summary>
public sealed partial class ControlCommands : SqliteCommands
{
    internal ControlCommands(SqliteConnection connection) : base(connection)
    {
    }

    public void SetRevision(long revision) =>
        Command("INSERT INTO meta (key, value) VALUES ('revision', $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            ("$value", revision)).ExecuteNonQuery();

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
