using System.Collections.Concurrent;
using QuantumAgents.Core.Limits;

namespace QuantumAgents.ControlPlane.Entropy;

/// <summary>A token bucket of bytes per tenant: <c>burst</c> at once, refilled at <c>rate</c> per second.</summary>
public sealed class TenantRateLimiter(long bytesPerSecond, long burstBytes, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes <paramref name="bytes"/> (at most the burst, which the options guarantee of a
    /// request) from the tenant's bucket, or says how long until they would be there.
    /// </summary>
    public bool TryTake(string tenant, long bytes, out TimeSpan retryAfter) =>
        _buckets.GetOrAdd(tenant, _ => new TokenBucket(bytesPerSecond, burstBytes, time)).TryTake(bytes, out retryAfter);
}
