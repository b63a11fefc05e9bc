using Microsoft.Data.Sqlite;
using QuantumAgents.ControlPlane.Store;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>
/// A database as the control plane wrote it before kinds of service were plug-ins (its rows
/// written here by hand, as that version wrote them) loads: resources, their specs, sides and key_IDs.
/// </summary>
public sealed class StoredDatabaseTests
{
    private const string Tunnel = "tun-0123456789ab";
    private const string Session = "tls-0123456789ab";

    [Fact]
    public async Task A_tunnel_and_a_session_stored_by_an_earlier_version_load_with_their_sides_and_key_ids()
    {
        await using var server = await ControlPlaneServer.StartAsync(options => WriteEarlierDatabase(Path.Combine(options.StateDirectory, "controld.db")));
        var admin = server.Admin();

        var tunnel = (await admin.GetJsonAsync($"/api/v1/ipsec/tunnels/{Tunnel}")).Body;
        var session = (await admin.GetJsonAsync($"/api/v1/tls/sessions/{Session}")).Body;
        var rectorado = await new ScriptedAgent(server, "rectorado", "ipsec").WorkAsync();

        Assert.Equal(("demo", "keying", "cait", "rectorado", "psk", 60), (tunnel.Str("tenant"), tunnel.Str("state"), tunnel.Str("a"), tunnel.Str("b"),
            tunnel.Str("auth"), tunnel.GetProperty("rekey_seconds").GetInt32()));
        Assert.Equal(["198.19.3.0/24"], tunnel.GetProperty("b_subnets").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(7, rectorado.GetProperty("revision").GetInt64());
        var work = Assert.Single(ScriptedAgent.Items(rectorado, "tunnels"));
        Assert.Equal((Tunnel, "responder", "key-1"), (work.Str("id"), work.Str("role"), work.Str("key_id")));
        // Stored before the connection limits existed: read with their defaults.
        Assert.Equal(("cait", 8080, "198.19.3.10:80", 256, 10), (session.Str("client_node"), session.GetProperty("listen").GetInt32(), session.Str("target"),
            session.GetProperty("max_connections").GetInt32(), session.GetProperty("connections_per_second").GetInt32()));
        Assert.Equal(["client", "server"], session.GetProperty("sides").EnumerateArray().Select(s => s.Str("role")));
    }

    private static void WriteEarlierDatabase(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        foreach (var statement in ControlSchema.Statements)
        {
            Run(connection, statement);
        }
        Run(connection, """
            INSERT INTO meta (key, value) VALUES ('revision', 7);
            INSERT INTO tenants (name, created_at) VALUES ('demo', 1700000000000);
            INSERT INTO usage (tenant, tunnels_created, sessions_created) VALUES ('demo', 1, 1);
            INSERT INTO resources (id, kind, tenant, spec, created_at) VALUES ('tun-0123456789ab', 'ipsec', 'demo',
                '{"a":"cait","b":"rectorado","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.3.0/24"],"auth":"psk","rekey_seconds":60}', 1700000000000);
            INSERT INTO sides (resource_id, position, node, role, state, key_id, present) VALUES
                ('tun-0123456789ab', 0, 'cait', 'initiator', 'keying', 'key-1', 1),
                ('tun-0123456789ab', 1, 'rectorado', 'responder', 'pending', NULL, 0);
            INSERT INTO resources (id, kind, tenant, spec, created_at) VALUES ('tls-0123456789ab', 'tls', 'demo',
                '{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80"}', 1700000000000);
            INSERT INTO sides (resource_id, position, node, role, state, present) VALUES
                ('tls-0123456789ab', 0, 'cait', 'client', 'pending', 0),
                ('tls-0123456789ab', 1, 'rectorado', 'server', 'pending', 0);
            """);
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
