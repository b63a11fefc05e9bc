using System.Text.Json;
using QuantumAgents.ControlPlane.Kinds.TlsSessions;

namespace QuantumAgents.ControlPlane.Tests.Unit;

/// <summary>The spec column of a stored TLS session, written before and after <c>max_connections</c> existed.</summary>
public sealed class StoredTlsSessionSpecTests
{
    [Fact]
    public void A_session_stored_before_the_connection_limit_existed_reads_with_the_default_limit()
    {
        const string Stored = """{"client_node":"cait","server_node":"rectorado","listen":8080,"target":"198.19.3.10:80"}""";

        var spec = JsonSerializer.Deserialize(Stored, TlsSessionStoreJsonContext.Default.TlsSessionSpec);

        Assert.Equal(new TlsSessionSpec("cait", "rectorado", 8080, "198.19.3.10:80", 256), spec);
    }

    [Fact]
    public void A_stored_limit_reads_back_as_it_was_written()
    {
        var spec = new TlsSessionSpec("cait", "rectorado", 8080, "198.19.3.10:80", 7);

        var stored = JsonSerializer.Serialize(spec, TlsSessionStoreJsonContext.Default.TlsSessionSpec);

        Assert.Contains("\"max_connections\":7", stored, StringComparison.Ordinal);
        Assert.Equal(spec, JsonSerializer.Deserialize(stored, TlsSessionStoreJsonContext.Default.TlsSessionSpec));
    }
}
