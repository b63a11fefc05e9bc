using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.Vici.Client;
using QuantumAgents.Vici.Commands;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>The IPsec side of one testbed node: its client namespace and its charon (testbed.sh starts both).</summary>
public sealed record IpsecNode(string Name, string ClientNetns, string ClientSubnet, string ClientAddress)
{
    public string ViciSocket => Path.Combine(Testbed.Directory, "charon", Name, "charon.vici");

    public static IpsecNode Load(string node)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Testbed.Directory, "testbed.json")));
        var entry = document.RootElement.GetProperty("nodes").GetProperty(node);
        return new IpsecNode(node, entry.GetProperty("client_netns").GetString()!, entry.GetProperty("client_subnet").GetString()!,
            entry.GetProperty("client_address").GetString()!);
    }

    /// <summary>
    /// The effective uid and the effective capabilities (hex) of this node's IPsec agent, from
    /// <c>/proc</c>: the testbed runs it as a system user, as the package does.
    /// </summary>
    public (int Uid, string CapEff) AgentCredentials()
    {
        var pid = File.ReadAllText(Path.Combine(Testbed.Directory, "pids", $"ipsec-agent-{Name}.pid")).Trim();
        var status = File.ReadAllLines($"/proc/{pid}/status");
        string Field(string name) => status.Single(line => line.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        return (int.Parse(Field("Uid").Split('\t')[1], System.Globalization.CultureInfo.InvariantCulture), Field("CapEff"));
    }

    /// <summary>What of the agent's (the <c>qa-</c> names) this node's charon holds: connections, shared keys, SAs.</summary>
    public async Task<(IReadOnlyList<string> Connections, IReadOnlyList<string> SharedKeys, IReadOnlyList<ViciIkeSa> Sas)> AgentLeftoversAsync()
    {
        await using var vici = new ViciClient(ViciSocket);
        static bool Ours(string name) => name.StartsWith("qa-", StringComparison.Ordinal);
        return ([.. (await vici.GetConnsAsync()).Where(Ours)], [.. (await vici.GetSharedAsync()).Where(Ours)],
            [.. (await vici.ListSasAsync()).Where(sa => Ours(sa.Name))]);
    }

    /// <summary>Asserts that this node's charon holds nothing of the agent's: no connection, shared key or SA.</summary>
    public async Task AssertNoAgentLeftoversAsync()
    {
        var (connections, sharedKeys, sas) = await AgentLeftoversAsync();
        Assert.Empty(connections);
        Assert.Empty(sharedKeys);
        Assert.Empty(sas);
    }

    /// <summary>The installed CHILD_SA of a tunnel's connection in this node's charon, or null.</summary>
    public async Task<ViciChildSa?> ChildSaAsync(string tunnelId)
    {
        await using var vici = new ViciClient(ViciSocket);
        return (await vici.ListSasAsync(ViciSaSelector.Ike("qa-" + tunnelId)))
            .SelectMany(sa => sa.Children).FirstOrDefault(child => child.IsInstalled);
    }

    /// <summary>ping from this node's client namespace; the result says how many replies came back.</summary>
    /// <param name="from">The source address, when the client namespace has more than one.</param>
    public async Task<int> PingAsync(string address, int count, string? from = null, double interval = 0.2) =>
        (await PingTranscriptAsync(address, count, from, interval)).Received;

    /// <summary>
    /// ping as <see cref="PingAsync"/>, with ping's own output: <c>-O</c> names each unanswered
    /// icmp_seq ("[1795771271.145131] no answer yet for icmp_seq=194", printed as the next one
    /// is sent), <c>-D</c> stamps each line with the time.
    /// </summary>
    public async Task<(int Received, string Output)> PingTranscriptAsync(string address, int count, string? from = null, double interval = 0.2)
    {
        var result = await Cli.Wrap("ip")
            .WithArguments(["netns", "exec", ClientNetns, "ping", "-n", "-O", "-D", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-i", interval.ToString(System.Globalization.CultureInfo.InvariantCulture), "-W", "2", .. from is null ? Array.Empty<string>() : ["-I", from], address])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        var summary = result.StandardOutput.Split('\n').FirstOrDefault(l => l.Contains("received", StringComparison.Ordinal)) ?? "";
        var received = summary.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.EndsWith("received", StringComparison.Ordinal));
        return (received is null ? 0 : int.Parse(received.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture), result.StandardOutput);
    }
}
