namespace QuantumAgents.ControlPlane.Auth;

/// <summary>Who a request comes from. <see cref="Name"/> is what the request log shows; never a token.</summary>
public sealed record Caller(CallerRole Role, string Name)
{
    public static Caller Admin { get; } = new(CallerRole.Admin, "admin");

    public static Caller Tenant(string tenant) => new(CallerRole.Tenant, tenant);

    public static Caller Node(string node) => new(CallerRole.Node, node);

    /// <summary>The tenant a tenant caller acts for.</summary>
    public string TenantName => Role == CallerRole.Tenant ? Name : throw new InvalidOperationException($"{Role} is not a tenant");

    public override string ToString() => $"{Role.ToString().ToLowerInvariant()}:{Name}";
}
