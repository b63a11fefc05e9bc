using QuantumAgents.ControlPlane;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.Core.Hosting;

return await QuantumDaemon.RunAsync("qa-controld", async () =>
{
    var builder = WebApplication.CreateSlimBuilder();
    var options = builder.AddQuantumDaemon<ControlPlaneOptions>("qa-controld", args);
    builder.UseControlPlaneListeners(options);
    builder.AddControlPlane(options);
    await using var app = builder.Build();
    app.MapControlPlane();
    await app.RunAsync().ConfigureAwait(false);
}).ConfigureAwait(false);
