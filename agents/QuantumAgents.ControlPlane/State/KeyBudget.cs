using System.Globalization;
using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Kinds;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.Core.Routing;

namespace QuantumAgents.ControlPlane.State;

/// <summary>
/// The key budget: what each QKD link produces, what admitted services have been promised of it,
/// and what each tenant may commit. It reads the agents and resources of <see cref="ControlState"/>
/// as they are, and runs under its lock, with the creation it admits, so two requests can never
/// both take the last of a link's budget.
/// </summary>
public sealed class KeyBudget(
    ControlPlaneOptions options, Topology topology,
    IReadOnlyDictionary<(string Node, AgentKind Kind), AgentRecord> agents, IReadOnlyDictionary<string, ServiceResource> resources)
{
    private readonly LinkMeter _meter = new();

    // The topology is fixed for the daemon's life: each pair's links are found once, not once
    // per resource on every admission (which runs under the lock).
    private readonly Dictionary<(string From, string To), IReadOnlyList<QkdLink>> _paths = [];

    /// <summary>A service's sustained draw of QKD key (<see cref="IServiceSpec.KeyBitsPerSecond"/>) at the configured key size.</summary>
    public double DrawOf(IServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.KeyBitsPerSecond(options.KeyBudget.KeyBits);
    }

    /// <summary>The draw the tenant's services have been promised, deleting ones too (they draw until released).</summary>
    public double CommittedBy(string tenant) => resources.Values.Where(r => r.Tenant == tenant).Sum(r => DrawOf(r.Spec));

    /// <summary>Counts a node's read of a link's counters (its KME's drawn bits) towards the link's measured draw.</summary>
    public void Record(string node, LinkFact link) => _meter.Record(node, link);

    /// <summary>A link of a node as the nodes view shows it: rate, promises, measured draw, pool.</summary>
    public LinkBudget Of(string node, string peer)
    {
        var link = new QkdLink(node, peer);
        // Every agent of the node reads the same KME: the latest read is the truest.
        var fact = agents.Values.Where(a => a.Node == node).OrderByDescending(a => a.LastSeen)
            .SelectMany(a => a.Links).Where(l => l.Peer == peer).MaxBy(l => l.ReadAt ?? DateTimeOffset.MinValue);
        return new LinkBudget(RateOf(link), CommittedOn(link), _meter.DrawnBitsPerSecond(node, peer), fact);
    }

    /// <summary>The refusal (409) if a new draw would push a link of its path past its budget.</summary>
    public string? LinkRefusal(double draw, string from, string to)
    {
        var overcommit = options.KeyBudget.Overcommit;
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

    /// <summary>The refusal (429, with the seconds to retry after) if the tenant's quota cannot take the draw.</summary>
    public (string Message, int RetryAfterSeconds)? QuotaRefusal(Tenant tenant, double draw, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.Quota is not { } quota || quota == TenantQuota.None)
        {
            return null;
        }
        var committed = CommittedBy(tenant.Name);
        if (quota.BitsPerSecond is { } perSecond && committed + draw > perSecond)
        {
            // Nothing frees budget by itself; a minute is long enough not to be a busy loop.
            return ($"quota: tenant '{tenant.Name}' may commit {Bits(perSecond)} bits/s of QKD key; {Bits(committed)} committed, this asks {Bits(draw)}; "
                    + "delete a service or ask the admin for more", 60);
        }
        if (quota.BitsPerDay is { } perDay)
        {
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

    /// <summary>The bits a tenant's services have drawn today (by their budget), finished ones included.</summary>
    public double QkdBitsToday(Tenant tenant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var day = QkdMeter.Day(now);
        var finished = tenant.Usage.QkdDay == day ? tenant.Usage.QkdDayBits : 0;
        return finished + resources.Values.Where(r => r.Tenant == tenant.Name)
            .Sum(r => QkdMeter.BitsOn(day, r.CreatedAt, now, DrawOf(r.Spec)));
    }

    /// <summary>The lowest rate the link's two KMEs report (null while neither has).</summary>
    private double? RateOf(QkdLink link) =>
        agents.Values
            .SelectMany(a => a.Links.Where(l => (a.Node == link.A && l.Peer == link.B) || (a.Node == link.B && l.Peer == link.A)))
            .Select(l => l.RateBitsPerSecond).OfType<long>().Select(r => (double?)r).Min();

    /// <summary>The draw of every service whose keys cross the link (deleting ones too: they draw until released).</summary>
    private double CommittedOn(QkdLink link) =>
        resources.Values
            .Where(r => LinksBetween(r.Sides[0].Node, r.Sides[1].Node).Contains(link))
            .Sum(r => DrawOf(r.Spec));

    /// <summary>The links a key between two nodes crosses (none without a path: such a service is refused before).</summary>
    private IReadOnlyList<QkdLink> LinksBetween(string from, string to)
    {
        if (!_paths.TryGetValue((from, to), out var links))
        {
            _paths[(from, to)] = links = topology.PathBetween(from, to) is { } path ? [.. QkdLink.Along(path)] : [];
        }
        return links;
    }

    private static string Bits(double bits) => bits.ToString(bits == Math.Floor(bits) ? "0" : "0.#", CultureInfo.InvariantCulture);
}
