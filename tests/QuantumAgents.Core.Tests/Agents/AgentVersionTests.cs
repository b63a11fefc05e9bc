using QuantumAgents.Core.Agents;

namespace QuantumAgents.Core.Tests.Agents;

/// <summary>An agent reports the release's version (packaging/VERSION), as the build stamps it, with the commit after a '+'.</summary>
public sealed class AgentVersionTests
{
    [Fact]
    public void An_agent_reports_the_release_version_the_build_stamped()
    {
        var release = File.ReadAllText(Path.Combine(RepositoryRoot(), "packaging", "VERSION")).Trim();

        var reported = AgentVersion.Of(typeof(QuantumAgent));

        Assert.Equal(release, reported.Split('+')[0]);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QuantumAgents.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no QuantumAgents.sln above {AppContext.BaseDirectory}");
    }
}
