using QuantumAgents.Vici.Commands;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// Two <see cref="CharonNamespace"/>s, <c>qa-{tag}-a</c> and <c>qa-{tag}-b</c>, joined by a veth
/// pair on 198.18.200.0/24. Each has an inner address on lo (no dummy devices on this kernel)
/// in its half of 198.19.200.0/24, which is what a tunnel between them carries.
/// </summary>
public sealed class CharonPair : IAsyncDisposable
{
    public const string OuterA = "198.18.200.1";
    public const string OuterB = "198.18.200.2";
    public const string InnerA = "198.19.200.1";
    public const string InnerB = "198.19.200.129";
    public const string SubnetA = "198.19.200.0/25";
    public const string SubnetB = "198.19.200.128/25";
    public const string IdA = "a.vici.test";
    public const string IdB = "b.vici.test";

    private readonly string _root;

    private CharonPair(CharonNamespace a, CharonNamespace b, string root)
    {
        A = a;
        B = b;
        _root = root;
    }

    public CharonNamespace A { get; }
    public CharonNamespace B { get; }

    public static async Task<CharonPair> StartAsync(string tag = "vt")
    {
        var root = System.IO.Directory.CreateTempSubdirectory($"qa-{tag}-").FullName;
        CharonNamespace? a = null, b = null;
        try
        {
            a = await CharonNamespace.CreateAsync($"qa-{tag}-a", Path.Combine(root, "a"));
            b = await CharonNamespace.CreateAsync($"qa-{tag}-b", Path.Combine(root, "b"));
            await CharonNamespace.RunAsync("ip", "link", "add", $"{tag}-a", "netns", a.Name, "type", "veth", "peer", "name", $"{tag}-b", "netns", b.Name);
            await Address(a, $"{tag}-a", OuterA + "/24", InnerA + "/32");
            await Address(b, $"{tag}-b", OuterB + "/24", InnerB + "/32");
            await a.StartCharonAsync();
            await b.StartCharonAsync();
            return new CharonPair(a, b, root);
        }
        catch
        {
            if (b is not null)
            {
                await b.DisposeAsync();
            }
            if (a is not null)
            {
                await a.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>A's side of a PSK (optionally +PPK) tunnel named <paramref name="name"/> between the two inner subnets.</summary>
    public static ViciSiteToSiteConfig ConfigA(string name, string? ppkId = null) => new()
    {
        Name = name,
        LocalAddress = OuterA,
        RemoteAddress = OuterB,
        LocalId = IdA,
        RemoteId = IdB,
        LocalTrafficSelectors = [SubnetA],
        RemoteTrafficSelectors = [SubnetB],
        PpkId = ppkId,
    };

    public static ViciSiteToSiteConfig ConfigB(string name, string? ppkId = null) => new()
    {
        Name = name,
        LocalAddress = OuterB,
        RemoteAddress = OuterA,
        LocalId = IdB,
        RemoteId = IdA,
        LocalTrafficSelectors = [SubnetB],
        RemoteTrafficSelectors = [SubnetA],
        PpkId = ppkId,
    };

    /// <summary>Pings B's inner address from A's; true when every reply came back.</summary>
    public async Task<bool> PingInnerAsync(int count = 3)
    {
        var result = await A.TryExecAsync("ping", "-n", "-q", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-i", "0.2", "-W", "1", "-I", InnerA, InnerB);
        return result.ExitCode == 0 && result.StandardOutput.Contains($"{count} received", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        System.IO.Directory.Delete(_root, recursive: true);
    }

    private static async Task Address(CharonNamespace space, string device, string outer, string inner)
    {
        await space.ExecAsync("ip", "addr", "add", outer, "dev", device);
        await space.ExecAsync("ip", "link", "set", "dev", device, "up");
        await space.ExecAsync("ip", "addr", "add", inner, "dev", "lo");
    }
}
