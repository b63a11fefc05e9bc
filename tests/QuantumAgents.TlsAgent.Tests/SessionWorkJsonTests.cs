using System.Text.Json;
using QuantumAgents.Contracts;

namespace QuantumAgents.TlsAgent.Tests;

/// <summary>The work as the agent reads it from the control plane, from one that knows the key budget and one that does not yet.</summary>
public sealed class SessionWorkJsonTests
{
    private const string Session =
        """{"id":"tls-1","role":"server","local_node":"rectorado","remote_node":"cait","remote_address":"198.18.12.1","listen":8080,"target":"198.19.3.2:8000","local_sae":"rectorado-tls","remote_sae":"cait-tls","max_connections":3""";

    [Fact]
    public void Work_without_connections_per_second_reads_with_the_default_of_10()
    {
        var work = Read(Session + "}");

        Assert.Equal((3, TlsSessionWork.DefaultConnectionsPerSecond, 10), (work.MaxConnections, work.ConnectionsPerSecond, work.ConnectionsPerSecond));
    }

    [Fact]
    public void Work_with_connections_per_second_reads_it()
    {
        var work = Read(Session + ""","connections_per_second":250}""");

        Assert.Equal(250, work.ConnectionsPerSecond);
    }

    private static TlsSessionWork Read(string session) =>
        JsonSerializer.Deserialize($$"""{"revision":1,"node":"rectorado","kind":"tls","sessions":[{{session}}]}""", AgentJsonContext.Default.WorkView)!
            .Sessions!.Single();
}
