using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Sources;
using QuantumAgents.Kme.Tests.Security;

namespace QuantumAgents.Kme.Tests.Links;

/// <summary>Links from cait to ccs for tests of a link's own logic: the channel to the peer KME is never reached.</summary>
public sealed class TestLinks : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly List<QkdLink> _links = [];

    /// <summary>A link whose source is simulated unless the test brings its own; disposed with this.</summary>
    public QkdLink Create(KeySourceOptions source, IKeySource? keySource = null)
    {
        var (certificate, key) = _pki.WriteLeaf("CN=kme-cait");
        var options = new QkdLinkOptions { Url = "https://kme-ccs.invalid:8443", Source = source };
        var link = new QkdLink("cait", "ccs", options, keySource ?? new SimulatedKeySource(),
            new PeerClient("ccs", options, new ServerTlsOptions { Certificate = certificate, Key = key, Ca = _pki.CaPath }));
        _links.Add(link);
        return link;
    }

    public QkdLink Create(bool producer) => Create(new KeySourceOptions { Producer = producer });

    public void Dispose()
    {
        foreach (var link in _links)
        {
            link.Dispose();
        }
        _pki.Dispose();
    }
}
