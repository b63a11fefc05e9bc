using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Options;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// The real control plane in-process on ASP.NET's test server: the MadQCI nodes (cait–ccs–rectorado)
/// plus <c>island</c>, a node with no QKD link. Its state directory survives <see cref="RestartAsync"/>.
/// </summary>
public sealed class ControlPlaneServer : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token";

    public static readonly string[] Nodes = ["cait", "ccs", "rectorado", "island"];

    private WebApplication? _app;

    private ControlPlaneServer(ControlPlaneOptions options, FakeTimeProvider clock)
    {
        Options = options;
        Clock = clock;
    }

    public ControlPlaneOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _app!.Services;

    /// <summary>Everything logged at Information and above (the console shows only warnings).</summary>
    public CapturedLog Log { get; } = new();

    public static string NodeToken(string node) => $"test-node-token-{node}";

    public static async Task<ControlPlaneServer> StartAsync(Action<ControlPlaneOptions>? configure = null)
    {
        var options = new ControlPlaneOptions
        {
            Listen = ["http://127.0.0.1:1"],
            StateDirectory = Directory.CreateTempSubdirectory("qa-controld-test-").FullName,
            Durability = "process_crash",
            AdminTokenSha256 = Tokens.Hash(AdminToken),
            Nodes = new Dictionary<string, ControlNodeOptions>
            {
                ["cait"] = Node("198.18.12.1", "ccs"),
                ["ccs"] = Node("198.18.12.2", "cait", "rectorado"),
                ["rectorado"] = Node("198.18.23.3", "ccs"),
                ["island"] = Node("198.18.99.9"),
            },
        };
        foreach (var (name, node) in options.Nodes)
        {
            node.TokenSha256 = Tokens.Hash(NodeToken(name));
        }
        ShareClientNetworks(options);
        configure?.Invoke(options);
        Assert.Empty(options.Validate());
        var server = new ControlPlaneServer(options, new FakeTimeProvider());
        await server.BootAsync();
        return server;
    }

    /// <summary>Stops the server and starts a new one on the same database, as a restart of the daemon would.</summary>
    public async Task RestartAsync()
    {
        await _app!.DisposeAsync();
        await BootAsync();
    }

    public HttpClient Client(string? token)
    {
        var client = _app!.GetTestClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public HttpClient Admin() => Client(AdminToken);

    public HttpClient Agent(string node) => Client(NodeToken(node));

    /// <summary>An agent's client whose requests pass through <paramref name="first"/> on their way to the server.</summary>
    public HttpClient Agent(string node, DelegatingHandler first)
    {
        ArgumentNullException.ThrowIfNull(first);
        var test = _app!.GetTestServer();
        first.InnerHandler = test.CreateHandler();
        var client = new HttpClient(first) { BaseAddress = test.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NodeToken(node));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        Directory.Delete(Options.StateDirectory, recursive: true);
    }

    private async Task BootAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddConsole();
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        builder.Logging.AddProvider(Log);
        builder.AddControlPlane(Options);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        _app = builder.Build();
        _app.MapControlPlane();
        await _app.StartAsync();
    }

    /// <summary>
    /// The tenants the tests create on the default server. They share the client networks (as
    /// one tenant would own them in a real deployment) so that tests written before tenant
    /// boundaries keep testing what they test; the boundary tests configure disjoint ones.
    /// </summary>
    public static readonly string[] SharingTenants = ["demo", "alice", "bob", "carol", "dave", "owner", "stranger", "other", "vm"];

    /// <summary>The client networks behind each node on the default server (also TLS targets, every port).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ClientNetworks = new Dictionary<string, string[]>
    {
        ["cait"] = ["198.19.1.0/24", "198.19.11.0/24", "10.1.0.0/16", "10.3.0.0/16", "2001:db8:1::/48"],
        ["ccs"] = ["198.19.2.0/24", "198.19.12.0/24", "10.2.0.0/16", "10.4.0.0/16"],
        ["rectorado"] = ["198.19.3.0/24"],
        ["island"] = ["198.19.9.0/24"],
    };

    private static ControlNodeOptions Node(string address, params string[] links) => new()
    {
        Address = address,
        Links = [.. links],
        ClientSubnets = [],
        TlsTargets = [],
    };

    private static void ShareClientNetworks(ControlPlaneOptions options)
    {
        foreach (var (name, node) in options.Nodes)
        {
            foreach (var subnet in ClientNetworks.GetValueOrDefault(name) ?? [])
            {
                node.ClientSubnets.Add(new ClientSubnetOptions { Subnet = subnet, Tenants = [.. SharingTenants] });
                node.TlsTargets.Add(new TlsTargetOptions { Subnet = subnet, Tenants = [.. SharingTenants] });
            }
        }
    }
}
