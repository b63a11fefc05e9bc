using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace QuantumAgents.Cli.Tests.Support;

/// <summary>
/// qactl run in-process as a user would run it (arguments, environment, a config file), its
/// calls going to the real control plane on the test server, or over real sockets when
/// <see cref="Server"/> is null.
/// </summary>
public sealed class Qactl : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("qactl-home-");

    public Dictionary<string, string?> Environment { get; } = [];

    public ControlPlaneServer? Server { get; init; }

    /// <summary>A $HOME with no configuration, so nothing of the machine's leaks in.</summary>
    public string Home => _home.FullName;

    public Qactl() => Environment["HOME"] = Home;

    /// <summary>Writes a qactl.json into the temporary home and points QACTL_CONFIG at it.</summary>
    public string WriteConfig(string json, string name = "qactl.json")
    {
        var path = Path.Combine(Home, name);
        File.WriteAllText(path, json);
        Environment["QACTL_CONFIG"] = path;
        return path;
    }

    /// <summary>Config for the test server as <paramref name="token"/>'s owner, with the testbed's client subnets.</summary>
    public void UseServer(string token) => WriteConfig($$"""
        {
          "url": "http://control-plane.test",
          "token": "{{token}}",
          "nodes": {
            "cait": { "client_subnet": "198.19.1.0/24" },
            "rectorado": { "client_subnet": "198.19.3.0/24" }
          }
        }
        """);

    public async Task<QactlResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var raw = new MemoryStream();
        var host = new QactlHost
        {
            Out = output,
            Error = error,
            OpenRawOut = () => raw,
            Environment = name => Environment.GetValueOrDefault(name),
            ControlPlaneHandler = Server is null ? null : _ => ((TestServer)Server.Services.GetRequiredService<IServer>()).CreateHandler(),
        };
        var exit = await QactlApp.RunAsync(args, host);
        return new QactlResult(exit, output.ToString(), error.ToString(), raw.ToArray());
    }

    public void Dispose() => _home.Delete(recursive: true);
}
