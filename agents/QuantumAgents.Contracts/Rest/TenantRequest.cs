namespace QuantumAgents.Contracts;

/// <summary><c>POST /api/v1/tenants</c>.</summary>
public sealed class TenantRequest
{
    public string? Name { get; set; }
}
