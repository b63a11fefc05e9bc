using System.Text.Json.Nodes;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>KMEs "cait" (producer) and "ccs" on 127.0.0.1, sharing one simulated link.</summary>
public sealed class LoopbackPair : IAsyncDisposable
{
    public const int MasterPort = 18443;
    public const int SlavePort = 18444;

    private LoopbackPair(KmeProcess master, KmeProcess slave, SaeCredentials caitSae, SaeCredentials ccsSae)
    {
        Master = master;
        Slave = slave;
        CaitSae = caitSae;
        CcsSae = ccsSae;
    }

    public KmeProcess Master { get; }
    public KmeProcess Slave { get; }
    public SaeCredentials CaitSae { get; }
    public SaeCredentials CcsSae { get; }

    public static Task<LoopbackPair> StartAsync(Testbed testbed, long rateBitsPerSecond, long poolBits, Action<JsonObject>? configure = null) =>
        StartAsync(testbed, MasterPort, SlavePort,
            KmeProcess.SimulatedSource(producer: true, rateBitsPerSecond, poolBits),
            KmeProcess.SimulatedSource(producer: false, rateBitsPerSecond, poolBits), configure);

    /// <summary>A pair on the given ports with the given key sources (cait's, then ccs's).</summary>
    public static async Task<LoopbackPair> StartAsync(Testbed testbed, int caitPort, int ccsPort, JsonObject caitSource, JsonObject ccsSource, Action<JsonObject>? configure = null)
    {
        var root = Directory.CreateTempSubdirectory("qa-loopback-").FullName;
        var caitDirectory = Directory.CreateDirectory(Path.Combine(root, "cait")).FullName;
        var ccsDirectory = Directory.CreateDirectory(Path.Combine(root, "ccs")).FullName;
        var ccsConfig = KmeProcess.Config(testbed, "ccs", ccsPort, ccsDirectory, ("cait", caitPort, ccsSource));
        var caitConfig = KmeProcess.Config(testbed, "cait", caitPort, caitDirectory, ("ccs", ccsPort, caitSource));
        configure?.Invoke(ccsConfig);
        configure?.Invoke(caitConfig);
        var slave = await KmeProcess.StartAsync(testbed, "ccs", ccsPort, ccsConfig);
        var master = await KmeProcess.StartAsync(testbed, "cait", caitPort, caitConfig);
        return new LoopbackPair(master, slave, testbed.Nodes["cait"].Sae, testbed.Nodes["ccs"].Sae);
    }

    public async ValueTask DisposeAsync()
    {
        await Master.DisposeAsync();
        await Slave.DisposeAsync();
    }
}
