using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using QuantumAgents.Core.Net;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Tests.Security;

namespace QuantumAgents.Kme.Tests.Support;

/// <summary>
/// KMEs "cait" (producer) and "ccs" in this process on 127.0.0.1, sharing one simulated link of
/// 1 Mbit/s, each with SAEs <c>&lt;node&gt;</c> and <c>&lt;node&gt;-app</c>: the in-process twin
/// of the integration tests' <c>LoopbackPair</c>, for what needs two real KMEs but neither root
/// nor the testbed. The SAE draw limits run on <see cref="DrawClock"/>, which only the test
/// moves; everything else on the real clock.
/// </summary>
public sealed class KmePair : IAsyncDisposable
{
    /// <summary>The link's pool: 32 KiB, full a quarter of a second after start or after a draw.</summary>
    public const long PoolBits = 1 << 18;

    private readonly TestPki _pki;
    private readonly string _directory;
    private readonly Dictionary<string, (string Certificate, string Key)> _saes;

    private KmePair(TestPki pki, string directory, Dictionary<string, (string, string)> saes, RunningKme cait, RunningKme ccs, FakeTimeProvider drawClock)
    {
        _pki = pki;
        _directory = directory;
        _saes = saes;
        Cait = cait;
        Ccs = ccs;
        DrawClock = drawClock;
    }

    public RunningKme Cait { get; }
    public RunningKme Ccs { get; }
    public FakeTimeProvider DrawClock { get; }

    /// <summary>Starts both; <paramref name="configure"/> edits each one's options (as LoopbackPair's does).</summary>
    public static async Task<KmePair> StartAsync(Action<KmeOptions>? configure = null)
    {
        var pki = new TestPki();
        var directory = Directory.CreateTempSubdirectory("qa-kme-pair-").FullName;
        var saes = new[] { "cait", "cait-app", "ccs", "ccs-app" }.ToDictionary(sae => sae, sae => pki.WriteLeaf("CN=" + sae));
        var (caitPort, ccsPort) = (FreePort(), FreePort());
        var drawClock = new FakeTimeProvider();
        var ccsOptions = Options(pki, directory, "ccs", ccsPort, "cait", caitPort);
        var caitOptions = Options(pki, directory, "cait", caitPort, "ccs", ccsPort);
        configure?.Invoke(ccsOptions);
        configure?.Invoke(caitOptions);
        Assert.Empty(ccsOptions.Validate());
        Assert.Empty(caitOptions.Validate());
        var ccs = await RunningKme.StartAsync(ccsOptions, drawClock);
        var cait = await RunningKme.StartAsync(caitOptions, drawClock);
        return new KmePair(pki, directory, saes, cait, ccs, drawClock);
    }

    /// <summary>An HTTPS client of its own node's KME with the certificate of SAE <paramref name="sae"/>.</summary>
    public HttpClient Sae(string sae)
    {
        var (certificate, key) = _saes[sae];
        var kme = sae.StartsWith("cait", StringComparison.Ordinal) ? Cait : Ccs;
        return MutualTlsHttp.CreateClient(new MutualTlsOptions(certificate, key, _pki.CaPath) { Timeout = TimeSpan.FromSeconds(60) }, kme.Url);
    }

    /// <summary>
    /// Waits until both KMEs hold a full pool: the producer then adds nothing, so any change
    /// after this is a draw.
    /// </summary>
    public async Task WaitUntilPoolsFullAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Cait.Link.HeldBytes * 8 != PoolBits || Ccs.Link.HeldBytes * 8 != PoolBits)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"pools not full after 30 s: cait holds {Cait.Link.HeldBytes * 8}, ccs {Ccs.Link.HeldBytes * 8} of {PoolBits} bits");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Every range held in both pools of both KMEs: equal before and after means no byte was taken.</summary>
    public string Pools() =>
        string.Join(" | ", new[] { Cait, Ccs }.Select(k => $"{k.Options.Node} own {string.Join(",", k.Link.Own.Ranges())} peer {string.Join(",", k.Link.PeerOwned.Ranges())}"));

    private static KmeOptions Options(TestPki pki, string directory, string node, int port, string peer, int peerPort)
    {
        var (certificate, key) = pki.WriteLeaf("CN=kme-" + node, IPAddress.Loopback);
        return new KmeOptions
        {
            Node = node,
            Listen = [$"https://127.0.0.1:{port}"],
            Tls = new ServerTlsOptions { Certificate = certificate, Key = key, Ca = pki.CaPath },
            StateDirectory = Path.Combine(directory, node),
            Durability = "process_crash",
            Saes = new()
            {
                ["cait"] = new SaeOptions { Node = "cait", CertificateSubject = "CN=cait" },
                ["cait-app"] = new SaeOptions { Node = "cait", CertificateSubject = "CN=cait-app" },
                ["ccs"] = new SaeOptions { Node = "ccs", CertificateSubject = "CN=ccs" },
                ["ccs-app"] = new SaeOptions { Node = "ccs", CertificateSubject = "CN=ccs-app" },
            },
            Links = new()
            {
                [peer] = new QkdLinkOptions
                {
                    Url = $"https://127.0.0.1:{peerPort}",
                    PeerCertificateSubject = "CN=kme-" + peer,
                    Source = new KeySourceOptions { Producer = node == "cait", RateBitsPerSecond = 1_000_000, PoolBits = PoolBits, BlockBytes = 1024 },
                },
            },
        };
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Cait.DisposeAsync();
        await Ccs.DisposeAsync();
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
