using System.Collections.Concurrent;

namespace QuantumAgents.ControlPlane.Entropy;

/// <summary>A token bucket of bytes per tenant: <c>burst</c> at once, refilled at <c>rate</c> per second.</summary>
public sealed class TenantRateLimiter(long bytesPerSecond, long burstBytes, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="bytes"/> from the tenant's bucket, or says how long until they would be there.</summary>
    public bool TryTake(string tenant, long bytes, out TimeSpan retryAfter)
    {
        var bucket = _buckets.GetOrAdd(tenant, _ => new Bucket(burstBytes, time.GetTimestamp()));
        lock (bucket)
        {
            var now = time.GetTimestamp();
            bucket.Available = Math.Min(burstBytes, bucket.Available + time.GetElapsedTime(bucket.Refilled, now).TotalSeconds * bytesPerSecond);
            bucket.Refilled = now;
            if (bucket.Available >= bytes)
            {
                bucket.Available -= bytes;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((bytes - bucket.Available) / bytesPerSecond);
            return false;
        }
    }

    private sealed class Bucket(double available, long refilled)
    {
        public double Available { get; set; } = available;

        public long Refilled { get; set; } = refilled;
    }
}
