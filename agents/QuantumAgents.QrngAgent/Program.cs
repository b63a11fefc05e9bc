using Microsoft.Extensions.Hosting;
using QuantumAgents.Core.Hosting;
using QuantumAgents.QrngAgent;
using QuantumAgents.QrngAgent.Options;

return await QuantumDaemon.RunAsync("qa-qrng-agent", async () =>
{
    var builder = Host.CreateApplicationBuilder();
    var options = builder.AddQuantumDaemon<QrngAgentOptions>("qa-qrng-agent", args);
    builder.AddQrngAgent(options);
    using var host = builder.Build();
    await host.RunQrngAgentAsync().ConfigureAwait(false);
}).ConfigureAwait(false);
