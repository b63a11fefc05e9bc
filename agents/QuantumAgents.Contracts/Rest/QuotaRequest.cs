namespace QuantumAgents.Contracts;

/// <summary><c>PUT /api/v1/tenants/{name}/quota</c>: absent or null is no limit.</summary>
public sealed class QuotaRequest
{
    public long? BitsPerSecond { get; set; }
    public long? BitsPerDay { get; set; }
}
