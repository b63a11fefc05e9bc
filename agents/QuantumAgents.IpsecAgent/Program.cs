using QuantumAgents.Core.Agents;
using QuantumAgents.IpsecAgent;
using QuantumAgents.IpsecAgent.Hosting;

return await QuantumAgent.RunAsync<IpsecAgentOptions>("qa-ipsec-agent", args, IpsecAgentHost.AddIpsecAgent).ConfigureAwait(false);
