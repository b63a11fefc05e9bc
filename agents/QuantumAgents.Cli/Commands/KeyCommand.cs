using System.CommandLine;
using System.Text.Json;
using QuantumAgents.Cli.Api;
using QuantumAgents.Cli.Config;
using QuantumAgents.Cli.Failures;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Net;

namespace QuantumAgents.Cli.Commands;

/// <summary>
/// <c>qactl key MASTER SLAVE</c>: an ETSI GS QKD 014 round trip. <c>enc_keys</c> at the master
/// node's KME as its SAE, then <c>dec_keys</c> by key_ID at the slave node's KME as its SAE;
/// prints the key_ID and each side's SHA-256 of the key, never the key.
/// </summary>
public static class KeyCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var master = new Argument<string>("MASTER") { Description = "The node whose SAE asks for a new key (enc_keys)" };
        var slave = new Argument<string>("SLAVE") { Description = "The node whose SAE fetches it by key_ID (dec_keys)" };
        var size = new Option<int>("--size") { Description = "Key size in bits (default 256)", HelpName = "BITS", DefaultValueFactory = _ => 256 };
        var command = new Command("key", "ETSI 014 round trip: a key from MASTER's KME, the same key from SLAVE's by key_ID; shows key_ID and SHA-256") { master, slave, size };
        runner.Bind(command, (context, cancellationToken) =>
            RunAsync(context, context.Parse.GetValue(master)!, context.Parse.GetValue(slave)!, context.Parse.GetValue(size), cancellationToken));
        return command;
    }

    private static async Task RunAsync(CommandContext context, string masterNode, string slaveNode, int bits, CancellationToken cancellationToken)
    {
        if (masterNode == slaveNode)
        {
            throw new UsageException("SLAVE: must differ from MASTER");
        }
        var config = context.Config;
        var (masterConfig, slaveConfig) = (config.Node(masterNode), config.Node(slaveNode));
        var (masterSae, slaveSae) = (masterConfig.SaeId ?? masterNode, slaveConfig.SaeId ?? slaveNode);

        using var masterKme = Client(config, masterNode, masterConfig);
        using var slaveKme = Client(config, slaveNode, slaveConfig);
        using var sent = await masterKme.GetKeysAsync(slaveSae, new Etsi014KeyRequest { Number = 1, Size = bits }, cancellationToken).ConfigureAwait(false);
        var key = sent.Keys.Count == 1 ? sent.Keys[0] : throw new UnreachableException($"{masterKme.KmeUrl} answered enc_keys with {sent.Keys.Count} keys, not 1");
        using var received = await slaveKme.GetKeysWithIdsAsync(masterSae, [key.KeyId], cancellationToken).ConfigureAwait(false);
        var back = received.Keys.SingleOrDefault(k => k.KeyId == key.KeyId)
            ?? throw new UnreachableException($"{slaveKme.KmeUrl} answered dec_keys without key_ID {key.KeyId}");

        var view = new KeyRoundTripView(key.KeyId, key.Key.Length * 8,
            new KeyEndView(masterNode, masterSae, masterKme.KmeUrl.ToString(), "enc_keys", key.Key.Sha256Hex()),
            new KeyEndView(slaveNode, slaveSae, slaveKme.KmeUrl.ToString(), "dec_keys", back.Key.Sha256Hex()),
            key.Key.ContentEquals(back.Key.AsReadOnlySpan()));
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(view, QactlJsonContext.Default.KeyRoundTripView));
        }
        else
        {
            context.Out.WriteLine($"key_ID   {view.KeyId} ({view.SizeBits} bits)");
            foreach (var end in new[] { view.Master, view.Slave })
            {
                context.Out.WriteLine($"{end.Node,-9}  SHA-256 {end.Sha256}  ({end.Operation} at {end.KmeUrl} as SAE {end.SaeId})");
            }
            context.Out.WriteLine(view.Match ? "the same key at both ends" : "THE KEYS DIFFER");
        }
        if (!view.Match)
        {
            throw new NotReadyException($"key {view.KeyId}: {masterNode} and {slaveNode} hold different keys");
        }
    }

    private static Etsi014Client Client(QactlConfig config, string node, QactlNodeConfig entry)
    {
        var where = $"{config.Source}: nodes.{node}";
        var url = entry.KmeUrl ?? throw new ConfigException($"{where}.kme_url is missing (e.g. https://198.18.255.1:8443)");
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var kme) || kme.Scheme != Uri.UriSchemeHttps)
        {
            throw new ConfigException($"{where}.kme_url: '{url}' is not an https:// URL");
        }
        var certificate = entry.Certificate ?? throw new ConfigException($"{where}.certificate is missing (the SAE's client certificate, PEM)");
        var key = entry.Key ?? throw new ConfigException($"{where}.key is missing (the SAE's private key, PEM)");
        var ca = config.Ca ?? throw new ConfigException($"{config.Source}: \"ca\" is missing (the KMEs' CA, PEM)");
        return new Etsi014Client(kme, new MutualTlsOptions(certificate, key, ca));
    }
}
