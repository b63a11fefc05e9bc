using System.Globalization;

namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>
/// A PEM SSL_SESSION for <c>-psk_session</c>: the only way to give the openssl programs a PSK
/// bound to SHA-384 (<c>-psk</c> is always SHA-256). There is no command that makes one, so the
/// DER is written with <c>asn1parse -genconf</c> and converted with <c>sess_id</c>. Without
/// time and timeout the session expires 3 s after creation and the PSK is silently ignored.
/// </summary>
public static class PskSessionFile
{
    public static async Task<string> CreateAsync(string directory, byte[] key)
    {
        var config = Path.Combine(directory, $"session-{Guid.NewGuid():N}.cnf");
        var der = Path.ChangeExtension(config, ".der");
        var pem = Path.ChangeExtension(config, ".pem");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(config, $"""
            asn1=SEQUENCE:sess
            [sess]
            version=INTEGER:1
            sslver=INTEGER:0x0304
            cipher=FORMAT:HEX,OCTETSTRING:1302
            sessid=OCTETSTRING:
            mkey=FORMAT:HEX,OCTETSTRING:{Convert.ToHexString(key)}
            time=EXPLICIT:1,INTEGER:{now}
            timeout=EXPLICIT:2,INTEGER:86400

            """);
        await Require(await OpenSslProgram.RunAsync(["asn1parse", "-genconf", config, "-out", der, "-noout"]));
        await Require(await OpenSslProgram.RunAsync(["sess_id", "-inform", "DER", "-in", der, "-out", pem]));
        File.Delete(config);
        File.Delete(der);
        return pem;
    }

    internal static Task Require(OpenSslRun run) =>
        run.ExitCode == 0 ? Task.CompletedTask : throw new InvalidOperationException($"openssl failed: {run.Output}");
}
