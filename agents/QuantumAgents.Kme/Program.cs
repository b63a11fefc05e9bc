using QuantumAgents.Core.Hosting;
using QuantumAgents.Kme;
using QuantumAgents.Kme.Options;

return await QuantumDaemon.RunAsync("qa-kmed", async () =>
{
    var builder = WebApplication.CreateSlimBuilder();
    var options = builder.AddQuantumDaemon<KmeOptions>("qa-kmed", args);
    await builder.AddKmeAsync(options).ConfigureAwait(false);
    await using var app = builder.Build();
    app.MapKme();
    await app.RunAsync().ConfigureAwait(false);
}).ConfigureAwait(false);
