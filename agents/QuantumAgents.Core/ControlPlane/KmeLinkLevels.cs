using Microsoft.Extensions.Logging;
using QuantumAgents.Contracts;
using QuantumAgents.Core.Etsi014;

namespace QuantumAgents.Core.ControlPlane;

/// <summary>
/// The key levels of the node's QKD links for the agent's heartbeat, as its KME reports them:
/// ETSI 014 <c>status</c> towards the peer's SAE of the agent's kind. Read in the background, at
/// most every <see cref="RefreshInterval"/>, so that no pass waits for the KME; a link whose
/// status cannot be read is left out, rather than shown with an old level. <paramref name="time"/>
/// decides when a read is due and dates what it read.
/// </summary>
public sealed partial class KmeLinkLevels(Etsi014Client kme, TimeProvider time, ILogger<KmeLinkLevels> logger)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private IReadOnlyList<LinkFact> _known = [];
    private long? _readAt;
    private bool _reading;

    /// <summary>The levels of the last read (empty before the first).</summary>
    public IReadOnlyList<LinkFact> Known
    {
        get { lock (_lock) { return _known; } }
    }

    /// <summary>Starts reading the levels of <paramref name="links"/> (true), unless a read is running or the last one is recent.</summary>
    public bool RefreshIfDue(IReadOnlyList<LinkPeer> links)
    {
        lock (_lock)
        {
            if (_reading || (_readAt is { } at && time.GetElapsedTime(at) < RefreshInterval))
            {
                return false;
            }
            _reading = true;
        }
        _ = Task.Run(() => RefreshAsync(links, CancellationToken.None), CancellationToken.None);
        return true;
    }

    /// <summary>Reads every link's level now (what <see cref="RefreshIfDue"/> starts); a KME's failure only leaves its link out.</summary>
    public async Task RefreshAsync(IReadOnlyList<LinkPeer> links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        try
        {
            var read = await Task.WhenAll(links.Select(link => ReadAsync(link, cancellationToken))).ConfigureAwait(false);
            lock (_lock)
            {
                _known = [.. read.OfType<LinkFact>()];
            }
        }
        finally
        {
            lock (_lock)
            {
                _reading = false;
                _readAt = time.GetTimestamp();
            }
        }
    }

    private async Task<LinkFact?> ReadAsync(LinkPeer link, CancellationToken cancellationToken)
    {
        try
        {
            var status = await kme.GetStatusAsync(link.Sae, cancellationToken).ConfigureAwait(false);
            return LinkEconomy.Read(status, link.Peer, time.GetUtcNow());
        }
        catch (Exception e) when (e is Etsi014Exception or KmeUnreachableException)
        {
            LogUnread(link.Peer, e.Message);
            return null;
        }
    }

    [LoggerMessage(LogLevel.Debug, "key level of the link to {Peer} not read: {Reason}")]
    private partial void LogUnread(string peer, string reason);
}
