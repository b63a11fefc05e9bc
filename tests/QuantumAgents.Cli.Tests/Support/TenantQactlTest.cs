namespace QuantumAgents.Cli.Tests;

/// <summary>
/// A test class's scene: the real control plane in-process with a tenant <c>demo</c>, and a
/// <see cref="Qactl"/> configured as that tenant.
/// </summary>
public abstract class TenantQactlTest : IAsyncLifetime, IDisposable
{
    protected ControlPlaneServer Server { get; private set; } = null!;

    protected Qactl Qactl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ControlPlaneServer.StartAsync();
        Qactl = new Qactl { Server = Server };
        Qactl.UseServer(await Server.NewTenantAsync("demo"));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose()
    {
        Qactl.Dispose();
        GC.SuppressFinalize(this);
    }
}
