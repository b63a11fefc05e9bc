using Microsoft.Data.Sqlite;
using QuantumAgents.Core.Storage;

namespace QuantumAgents.Core.Tests.Storage;

/// <summary>The few statements the tests' writes run against <see cref="TempDatabase.Schema"/>.</summary>
public sealed class TestCommands(SqliteConnection connection) : SqliteCommands(connection)
{
    public void InsertParent(long id) =>
        Command("INSERT INTO parent (id) VALUES ($id)", ("$id", id)).ExecuteNonQuery();

    /// <summary>Its foreign key is checked only at COMMIT: a missing parent fails the whole batch there.</summary>
    public void InsertChild(long parentId) =>
        Command("INSERT INTO child (parent_id) VALUES ($parent)", ("$parent", parentId)).ExecuteNonQuery();

    /// <summary>The connection's synchronous setting now: 1 (NORMAL) or 2 (FULL, every commit flushed).</summary>
    public long Synchronous() => (long)Command("PRAGMA synchronous").ExecuteScalar()!;

    public long CountParents() => (long)Command("SELECT count(*) FROM parent").ExecuteScalar()!;

    public void InsertSecret(long id, byte[] material) =>
        Command("INSERT INTO secrets (id, material) VALUES ($id, $material)", ("$id", id), ("$material", material)).ExecuteNonQuery();

    public void DeleteSecret(long id) =>
        Command("DELETE FROM secrets WHERE id = $id", ("$id", id)).ExecuteNonQuery();
}
