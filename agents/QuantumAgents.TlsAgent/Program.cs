using Microsoft.Extensions.Hosting;
using QuantumAgents.Core.Hosting;
using QuantumAgents.TlsAgent;
using QuantumAgents.TlsAgent.Options;

return await QuantumDaemon.RunAsync("qa-tls-agent", async () =>
{
    var builder = Host.CreateApplicationBuilder();
    var options = builder.AddQuantumDaemon<TlsAgentOptions>("qa-tls-agent", args);
    builder.AddTlsAgent(options);
    using var host = builder.Build();
    await host.RunTlsAgentAsync().ConfigureAwait(false);
}).ConfigureAwait(false);
