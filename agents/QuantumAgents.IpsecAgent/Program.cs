using QuantumAgents.Core.Agents;
using QuantumAgents.IpsecAgent.Hosting;
using QuantumAgents.IpsecAgent.Options;

return await QuantumAgent.RunAsync<IpsecAgentOptions>("qa-ipsec-agent", args, IpsecAgentHost.AddIpsecAgent).ConfigureAwait(false);
