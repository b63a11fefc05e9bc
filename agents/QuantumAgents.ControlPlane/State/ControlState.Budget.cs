using System.Globalization;

namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// The key budget: what each QKD link produces, what admitted services have been promised of it,
/// and what each tenant may commit. Everything here runs under the lock, with the creation it
/// admits, so two requests can never both take the last of a link's budget.
/// </summary>
public sealed partial class ControlState
{
    private readonly LinkMeter _meter = new();

    // The topology is fixed for the daemon's life: each pair's links are found once, not once
    // per resource on every admission (which runs under the lock).
    private readonly Dictionary<(string From, string To), IReadOnlyList<QkdLink>> _paths = [];

    /// <summary>A link of a node as the nodes view shows it: rate, promises, measured draw, pool.</summary>
    public LinkBudget BudgetOf(string node, string peer)
    {
        lock (_lock)
        {
            var link = new QkdLink(node, peer);
            // Every agent of the node reads the same KME: the latest read is the truest.
            var fact = _agents.Values.Where(a => a.Node == node).OrderByDescending(a => a.LastSeen)
                .SelectMany(a => a.Links).Where(l => l.Peer == peer).MaxBy(l => l.ReadAt ?? DateTimeOffset.MinValue);
            return new LinkBudget(RateOf(link), CommittedOn(link), _meter.DrawnBitsPerSecond(node, peer), fact);
        }
    }

    /// <summary>Under the lock: the refusal (409) if a new draw would push a link of its path past its budget.</summary>
    private string? LinkRefusal(double draw, string from, string to)
    {
        var overcommit = _options.KeyBudget.Overcommit;
        // A link no KME has reported is not limited: its committed draw is not even summed.
        var over = LinksBetween(from, to)
            .Select(link => (Link: link, Rate: RateOf(link)))
            .Where(l => l.Rate is not null)
            .Select(l => (l.Link, l.Rate, Committed: CommittedOn(l.Link)))
            .Where(l => l.Committed + draw > l.Rate!.Value * overcommit)
            .Select(l => $"{l.Link} produces {Bits(l.Rate!.Value)} bits/s{(overcommit == 1.0 ? "" : $" (× overcommit {overcommit.ToString(CultureInfo.InvariantCulture)})")}, "
                         + $"{Bits(l.Committed)} committed to admitted services, {Bits(Math.Max(0, l.Rate.Value * overcommit - l.Committed))} free")
            .ToList();
        return over.Count == 0
            ? null
            : $"key budget: this service draws {Bits(draw)} bits/s of QKD key on every link from {from} to {to}; {string.Join("; ", over)}";
    }

    /// <summary>Under the lock: the refusal (429, with the seconds to retry after) if the tenant's quota cannot take the draw.</summary>
    private (string Message, int RetryAfterSeconds)? QuotaRefusal(Tenant tenant, double draw)
    {
        if (tenant.Quota is not { } quota || quota == TenantQuota.None)
        {
            return null;
        }
        var committed = _resources.Values.Where(r => r.Tenant == tenant.Name).Sum(r => DrawOf(r));
        if (quota.BitsPerSecond is { } perSecond && committed + draw > perSecond)
        {
            // Nothing frees budget by itself; a minute is long enough not to be a busy loop.
            return ($"quota: tenant '{tenant.Name}' may commit {Bits(perSecond)} bits/s of QKD key; {Bits(committed)} committed, this asks {Bits(draw)}; "
                    + "delete a service or ask the admin for more", 60);
        }
        if (quota.BitsPerDay is { } perDay)
        {
            var now = Now;
            var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
            var left = (midnight - now).TotalSeconds;
            var today = QkdBitsToday(tenant, now);
            var projected = today + (committed + draw) * left;
            if (projected > perDay)
            {
                return ($"quota: tenant '{tenant.Name}' may use {Bits(perDay)} bits of QKD key per UTC day; {Bits(today)} used today, and with this service "
                        + $"its services would use {Bits(projected)} by midnight", (int)Math.Ceiling(left));
            }
        }
        return null;
    }

    /// <summary>Under the lock: the bits a tenant's services have drawn today (by their budget), finished ones included.</summary>
    private double QkdBitsToday(Tenant tenant, DateTimeOffset now)
    {
        var day = QkdMeter.Day(now);
        var finished = tenant.Usage.QkdDay == day ? tenant.Usage.QkdDayBits : 0;
        return finished + _resources.Values.Where(r => r.Tenant == tenant.Name)
            .Sum(r => QkdMeter.BitsOn(day, r.CreatedAt, now, DrawOf(r)));
    }

    /// <summary>Under the lock: the lowest rate the link's two KMEs report (null while neither has).</summary>
    private double? RateOf(QkdLink link) =>
        _agents.Values
            .SelectMany(a => a.Links.Where(l => (a.Node == link.A && l.Peer == link.B) || (a.Node == link.B && l.Peer == link.A)))
            .Select(l => l.RateBitsPerSecond).OfType<long>().Select(r => (double?)r).Min();

    /// <summary>Under the lock: the draw of every service whose keys cross the link (deleting ones too: they draw until released).</summary>
    private double CommittedOn(QkdLink link) =>
        _resources.Values
            .Where(r => LinksBetween(r.Sides[0].Node, r.Sides[1].Node).Contains(link))
            .Sum(r => DrawOf(r));

    /// <summary>Under the lock: the links a key between two nodes crosses (none without a path: such a service is refused before).</summary>
    private IReadOnlyList<QkdLink> LinksBetween(string from, string to)
    {
        if (!_paths.TryGetValue((from, to), out var links))
        {
            _paths[(from, to)] = links = Topology.PathBetween(from, to) is { } path ? [.. QkdLink.Along(path)] : [];
        }
        return links;
    }

    private static string Bits(double bits) => bits.ToString(bits == Math.Floor(bits) ? "0" : "0.#", CultureInfo.InvariantCulture);
}
