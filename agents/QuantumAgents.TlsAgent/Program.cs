using QuantumAgents.Core.Agents;
using QuantumAgents.TlsAgent.Hosting;
using QuantumAgents.TlsAgent.Options;

return await QuantumAgent.RunAsync<TlsAgentOptions>("qa-tls-agent", args, TlsAgentHost.AddTlsAgent).ConfigureAwait(false);
