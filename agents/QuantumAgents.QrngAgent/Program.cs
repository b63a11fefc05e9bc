using QuantumAgents.Core.Agents;
using QuantumAgents.Core.Hosting;
using QuantumAgents.QrngAgent.Device;
using QuantumAgents.QrngAgent.Hosting;
using QuantumAgents.QrngAgent.Options;

return await QuantumDaemon.RunAsync("qa-qrng-agent", async () =>
{
    if (ModulePreparationArguments.Parse(args) is { } preparation)
    {
        // The unit's privileged step: load qrng.ko and exit; the agent itself runs without privileges.
        var configured = DaemonConfiguration.Load<QrngAgentOptions>(DaemonArguments.Parse(preparation.DaemonArgs));
        return await new ModulePreparation(configured, preparation.WriterGroup, TimeProvider.System, Console.Out)
            .RunAsync(CancellationToken.None).ConfigureAwait(false);
    }
    await QuantumAgent.RunHostAsync<QrngAgentOptions>("qa-qrng-agent", args, QrngAgentHost.AddQrngAgent).ConfigureAwait(false);
    return 0;
}).ConfigureAwait(false);
