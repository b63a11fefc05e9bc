namespace QuantumAgents.Bench.ControlPlane;

/// <summary>One kind of request the bench sends: each call of <see cref="SendAsync"/> is one HTTP request, checked.</summary>
public interface IWorkload
{
    string Name { get; }

    Task SendAsync(HttpClient http, CancellationToken ct);
}
