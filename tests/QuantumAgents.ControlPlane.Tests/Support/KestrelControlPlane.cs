using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Options;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// The control plane on Kestrel at 127.0.0.1 on a free port, wired exactly as the daemon is:
/// for what only the real server does (the request body limit), which the test server skips.
/// </summary>
public sealed class KestrelControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _stateDirectory;

    private KestrelControlPlane(WebApplication app, string stateDirectory, Uri address)
    {
        _app = app;
        _stateDirectory = stateDirectory;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<KestrelControlPlane> StartAsync()
    {
        var options = new ControlPlaneOptions
        {
            Listen = ["http://127.0.0.1:0"],
            StateDirectory = Directory.CreateTempSubdirectory("qa-controld-kestrel-").FullName,
            Durability = "process_crash",
            AdminTokenSha256 = Tokens.Hash(ControlPlaneServer.AdminToken),
            Nodes = new Dictionary<string, ControlNodeOptions>
            {
                ["cait"] = new() { Address = "198.18.12.1", Links = ["ccs"], TokenSha256 = Tokens.Hash(ControlPlaneServer.NodeToken("cait")) },
                ["ccs"] = new() { Address = "198.18.12.2", Links = ["cait"], TokenSha256 = Tokens.Hash(ControlPlaneServer.NodeToken("ccs")) },
            },
        };
        Assert.Empty(options.Validate());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddControlPlane(options);
        builder.UseControlPlaneListeners(options);
        var app = builder.Build();
        app.MapControlPlane();
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new KestrelControlPlane(app, options.StateDirectory, new Uri(bound));
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_stateDirectory, recursive: true);
    }
}
