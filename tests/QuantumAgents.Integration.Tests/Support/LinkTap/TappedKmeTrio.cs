using System.Text.Json.Nodes;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// KMEs cait, ccs and rectorado on 127.0.0.1 with links cait–ccs and ccs–rectorado (cait and
/// rectorado forward through ccs), each direction of each link through a <see cref="KmeLinkTap"/>
/// that records what crosses it and injects the faults its policy picks. For what the shared
/// testbed cannot show: a man in the middle, nearly empty pools, a relay killed mid-traffic.
/// </summary>
public sealed class TappedKmeTrio : IAsyncDisposable
{
    private static readonly string[] Order = ["rectorado", "ccs", "cait"];
    private static readonly (string Caller, string Callee)[] Directions = [("cait", "ccs"), ("ccs", "cait"), ("ccs", "rectorado"), ("rectorado", "ccs")];

    private readonly Testbed _testbed;
    private readonly Dictionary<string, JsonObject> _configs;
    private readonly Dictionary<string, KmeProcess> _kmes = [];
    private readonly List<KmeLinkTap> _taps = [];

    private TappedKmeTrio(Testbed testbed, int basePort, Dictionary<string, JsonObject> configs)
    {
        _testbed = testbed;
        BasePort = basePort;
        _configs = configs;
    }

    public int BasePort { get; }

    public KmeProcess this[string node] => _kmes[node];

    public string Database(string node) => Path.Combine(_kmes[node].Directory, "state", "kme.db");

    /// <summary>Everything every tap saw, in no particular order across taps.</summary>
    public IReadOnlyList<TappedMessage> Messages => [.. _taps.SelectMany(t => t.Messages)];

    /// <param name="basePort">KMEs on basePort+0..2 (cait, ccs, rectorado), taps on basePort+10..13.</param>
    /// <param name="source">Each link's simulated source (producer or not): its rate and pool.</param>
    public static async Task<TappedKmeTrio> StartAsync(Testbed testbed, int basePort, Func<bool, JsonObject> source, Func<string, string, TapFault> policy)
    {
        var port = new Dictionary<string, int> { ["cait"] = basePort, ["ccs"] = basePort + 1, ["rectorado"] = basePort + 2 };
        var tapPort = Directions.Select((d, i) => (d, basePort + 10 + i)).ToDictionary(x => x.d, x => x.Item2);
        var root = Directory.CreateTempSubdirectory("qa-tapped-trio-").FullName;
        var topology = JsonNode.Parse("""{"cait":["ccs"],"ccs":["cait","rectorado"],"rectorado":["ccs"]}""")!;
        JsonObject Config(string node, params (string Peer, bool Producer)[] links)
        {
            // Each link's URL is the tap in front of the peer, not the peer.
            var config = KmeProcess.Config(testbed, node, port[node], Directory.CreateDirectory(Path.Combine(root, node)).FullName,
                [.. links.Select(l => (l.Peer, tapPort[(node, l.Peer)], source(l.Producer)))]);
            config["topology"] = topology.DeepClone();
            return config;
        }
        var trio = new TappedKmeTrio(testbed, basePort, new Dictionary<string, JsonObject>
        {
            ["cait"] = Config("cait", ("ccs", true)),
            ["ccs"] = Config("ccs", ("cait", false), ("rectorado", true)),
            ["rectorado"] = Config("rectorado", ("ccs", false)),
        });
        try
        {
            foreach (var (caller, callee) in Directions)
            {
                trio._taps.Add(await KmeLinkTap.StartAsync(testbed, caller, callee, tapPort[(caller, callee)], $"https://127.0.0.1:{port[callee]}", policy));
            }
            foreach (var node in Order)
            {
                trio._kmes[node] = await KmeProcess.StartAsync(testbed, node, port[node], trio._configs[node]);
            }
        }
        catch
        {
            await trio.DisposeAsync();
            throw;
        }
        return trio;
    }

    /// <summary>Kills the node's KME (SIGKILL, nothing flushed that was not committed) and starts it again on its state.</summary>
    public async Task KillAndRestartAsync(string node)
    {
        await _kmes[node].DisposeAsync();
        _kmes[node] = await KmeProcess.StartAsync(_testbed, node, (int)new Uri(_kmes[node].Url).Port, _configs[node]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var kme in _kmes.Values)
        {
            await kme.DisposeAsync();
        }
        foreach (var tap in _taps)
        {
            await tap.DisposeAsync();
        }
    }
}
