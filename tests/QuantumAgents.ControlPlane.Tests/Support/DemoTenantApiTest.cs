namespace QuantumAgents.ControlPlane.Tests;

/// <summary>
/// A test class of the user API: a control plane of its own, in-process, with the tenant
/// <c>demo</c> and its client. A class that needs other options or a clock set before the tenant
/// exists overrides <see cref="StartServerAsync"/>.
/// </summary>
public abstract class DemoTenantApiTest : IAsyncLifetime
{
    protected ControlPlaneServer Server { get; private set; } = null!;

    /// <summary>The tenant <c>demo</c>'s client.</summary>
    protected HttpClient Tenant { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await StartServerAsync();
        Tenant = Server.Client(await Server.NewTenantAsync("demo"));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected virtual Task<ControlPlaneServer> StartServerAsync() => ControlPlaneServer.StartAsync();
}
