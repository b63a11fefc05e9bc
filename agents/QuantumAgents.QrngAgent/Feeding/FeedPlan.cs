namespace QuantumAgents.QrngAgent.Feeding;

/// <summary>When to take bytes from the source and how many: the pure part of the feeder.</summary>
public static class FeedPlan
{
    /// <summary>
    /// Whether to wait for the device's POLLOUT (its fill level down to the low-water mark)
    /// before the next batch: only when a whole batch no longer fits. So the device is topped
    /// up to full in whole batches, then left until readers have drained it to the mark,
    /// rather than being refilled in dribbles after every read.
    /// </summary>
    /// <param name="fillLevel">what the device holds now</param>
    /// <param name="capacity">its size; 0 when unknown (then short writes make the feeder wait)</param>
    /// <param name="batchBytes">the configured batch</param>
    public static bool MustWaitForRoom(long fillLevel, long capacity, int batchBytes) =>
        capacity > 0 && capacity - Math.Clamp(fillLevel, 0, capacity) < batchBytes;

    /// <summary>
    /// One batch, but never more than the device has room for: bytes fetched and then held
    /// because the device is full would only drain a shared source early.
    /// </summary>
    public static int BytesToFetch(long fillLevel, long capacity, int batchBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchBytes);
        if (capacity <= 0)
        {
            return batchBytes;
        }
        var room = capacity - Math.Clamp(fillLevel, 0, capacity);
        return (int)Math.Min(batchBytes, room);
    }
}
