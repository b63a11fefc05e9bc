global using QuantumAgents.ControlPlane.Tests.Support;
