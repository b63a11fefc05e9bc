namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>Who calls a route in the authorization matrix.</summary>
public enum MatrixCaller
{
    NoHeader,
    MalformedHeader,
    UnknownToken,
    Admin,

    /// <summary>The tenant that owns the resource the route names.</summary>
    Tenant,

    /// <summary>A second tenant: may use tenant routes, but never sees the first tenant's resources.</summary>
    OtherTenant,

    /// <summary>The token of the node an agent route names (cait), or of cait for the other routes.</summary>
    OwnNode,

    /// <summary>The token of a node the route does not name (ccs).</summary>
    OtherNode,
}
