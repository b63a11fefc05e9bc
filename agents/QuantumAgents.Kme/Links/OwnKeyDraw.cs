using QuantumAgents.Kme.Pool;
using QuantumAgents.Kme.Store;

namespace QuantumAgents.Kme.Links;

/// <summary>
/// Draws on the key this KME owns on a link so that no byte can serve twice, across crashes
/// and power cuts too. Bytes are drawn oldest first, so everything drawn lies below a stream
/// offset; before any drawn byte may leave the KME, a durable mark (<see cref="QkdLink.ReservedTo"/>)
/// says "every owned byte below here may have been used", and a restarted KME burns whatever of
/// its own key is still below the mark. The mark runs ahead by <see cref="ReserveAhead"/>, so it
/// costs one flushed commit per that much key, not one per key, and the per-key records (the
/// pool removal, the stream use) need not be on the disk before the key is sent.
/// </summary>
public sealed class OwnKeyDraw(KmeStore store)
{
    /// <summary>How far past what it draws the mark is set: at most this much owned key is burned at a restart.</summary>
    public const int ReserveAhead = 64 * 1024;

    /// <summary>
    /// <paramref name="count"/> keys of <paramref name="keyBytes"/> each from the key this KME owns,
    /// covered by the durable mark, or null when it owns too little. The caller owns the material.
    /// </summary>
    public async Task<IReadOnlyList<TakenKey>?> TakeAsync(QkdLink link, int count, int keyBytes)
    {
        var taken = link.Own.TryTake(count, keyBytes);
        if (taken is null)
        {
            return null;
        }
        try
        {
            await ReserveThroughAsync(link, taken.Max(k => k.Ranges.Max(r => r.End))).ConfigureAwait(false);
        }
        catch
        {
            // The mark could not be raised, so these bytes must not leave. They were never used:
            // dropped here only, they are in the persisted pool again after a restart.
            link.CountDiscarded(taken.Sum(k => (long)k.Material.Length));
            foreach (var key in taken)
            {
                key.Material.Dispose();
            }
            throw;
        }
        return taken;
    }

    /// <summary>On start-up, before the link serves: erases the owned key a previous run may have used.</summary>
    public static async Task BurnBelowMarkAsync(QkdLink link, KmeStore store)
    {
        var burned = link.Own.Ranges().Where(r => r.Start < link.ReservedTo)
            .Select(r => new KeyRange(r.Start, (int)Math.Min(r.Length, link.ReservedTo - r.Start))).ToList();
        if (burned.Count == 0)
        {
            return;
        }
        await link.BurnAsync(burned, store).ConfigureAwait(false);
    }

    private async Task ReserveThroughAsync(QkdLink link, long end)
    {
        if (end <= link.ReservedTo)
        {
            return;
        }
        await link.ReserveGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (end <= link.ReservedTo)
            {
                return;
            }
            var mark = end + ReserveAhead;
            await store.WriteBeforeSendingAsync(t => { t.SetReservedTo(link.Name, mark); return 0; }).ConfigureAwait(false);
            link.ReservedTo = mark;
        }
        finally
        {
            link.ReserveGate.Release();
        }
    }
}
