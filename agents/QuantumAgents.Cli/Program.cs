using QuantumAgents.Cli;

return await QactlApp.RunAsync(args, QactlHost.FromProcess());
