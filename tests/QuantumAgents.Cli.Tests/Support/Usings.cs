global using QuantumAgents.Cli;
global using QuantumAgents.Cli.Tests.Support;
global using QuantumAgents.ControlPlane.Tests.Support;
