using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>
/// The served OpenAPI document is the committed <c>docs/api/openapi.json</c>: a change to the
/// contract types or the routes shows in the diff of a commit, never unnoticed.
/// </summary>
public sealed class OpenApiSnapshotTests
{
    private const string UpdateVariable = "QA_UPDATE_OPENAPI";

    [Fact]
    public async Task The_served_openapi_document_is_the_committed_snapshot()
    {
        await using var server = await ControlPlaneServer.StartAsync();
        var served = Normalise(await server.Client(null).GetStringAsync("/openapi/v1.json"));
        var snapshot = Path.Combine(RepositoryRoot(), "docs", "api", "openapi.json");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(snapshot)!);
            await File.WriteAllTextAsync(snapshot, served);
        }

        var committed = File.Exists(snapshot) ? Normalise(await File.ReadAllTextAsync(snapshot)) : "";
        Assert.True(served == committed,
            $"the served OpenAPI document differs from {snapshot} (first difference: {FirstDifference(committed, served)}). If the API change is "
            + $"meant, regenerate the snapshot with `{UpdateVariable}=1 dotnet test tests/QuantumAgents.ControlPlane.Tests -c Release "
            + "--filter FullyQualifiedName~OpenApiSnapshot` and commit it.");
    }

    /// <summary>Formatting only: indentation, line ends and escaping; property order and values stay as they are.</summary>
    private static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        + "\n";

    private static string FirstDifference(string committed, string served)
    {
        var (was, now) = (committed.Split('\n'), served.Split('\n'));
        var line = 0;
        while (line < was.Length && line < now.Length && was[line] == now[line])
        {
            line++;
        }
        return $"line {line + 1}: snapshot '{(line < was.Length ? was[line].Trim() : "(end)")}', served '{(line < now.Length ? now[line].Trim() : "(end)")}'";
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "QuantumAgents.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no QuantumAgents.sln above {AppContext.BaseDirectory}");
    }
}
