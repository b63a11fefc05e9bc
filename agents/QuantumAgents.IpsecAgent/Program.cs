using Microsoft.Extensions.Hosting;
using QuantumAgents.Core.Hosting;
using QuantumAgents.IpsecAgent.Hosting;
using QuantumAgents.IpsecAgent.Options;

return await QuantumDaemon.RunAsync("qa-ipsec-agent", async () =>
{
    var builder = Host.CreateApplicationBuilder();
    var options = builder.AddQuantumDaemon<IpsecAgentOptions>("qa-ipsec-agent", args);
    builder.AddIpsecAgent(options);
    using var host = builder.Build();
    host.ConnectNudges();
    await host.RunAsync().ConfigureAwait(false);
}).ConfigureAwait(false);
