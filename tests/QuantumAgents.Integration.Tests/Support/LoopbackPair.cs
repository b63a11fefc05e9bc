namespace QuantumAgents.Integration.Tests.Support;

/// <summary>KMEs "cait" (producer) and "ccs" on 127.0.0.1, sharing one simulated link.</summary>
public sealed class LoopbackPair : IAsyncDisposable
{
    private const int MasterPort = 18443;
    private const int SlavePort = 18444;

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

    public static async Task<LoopbackPair> StartAsync(Testbed testbed, long rateBitsPerSecond, long poolBits)
    {
        var root = Directory.CreateTempSubdirectory("qa-loopback-").FullName;
        var caitDirectory = Directory.CreateDirectory(Path.Combine(root, "cait")).FullName;
        var ccsDirectory = Directory.CreateDirectory(Path.Combine(root, "ccs")).FullName;
        var slave = await KmeProcess.StartAsync(testbed, "ccs", SlavePort,
            KmeProcess.Config(testbed, "ccs", SlavePort, ccsDirectory, ("cait", MasterPort, false, rateBitsPerSecond, poolBits)));
        var master = await KmeProcess.StartAsync(testbed, "cait", MasterPort,
            KmeProcess.Config(testbed, "cait", MasterPort, caitDirectory, ("ccs", SlavePort, true, rateBitsPerSecond, poolBits)));
        return new LoopbackPair(master, slave, testbed.Nodes["cait"].Sae, testbed.Nodes["ccs"].Sae);
    }

    public async ValueTask DisposeAsync()
    {
        await Master.DisposeAsync();
        await Slave.DisposeAsync();
    }
}
