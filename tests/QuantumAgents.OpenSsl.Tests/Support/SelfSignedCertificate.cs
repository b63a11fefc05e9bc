namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>A throw-away certificate, for a server that ignores the PSK and should be refused.</summary>
public static class SelfSignedCertificate
{
    public static async Task<(string Certificate, string Key)> CreateAsync(string directory)
    {
        var certificate = Path.Combine(directory, "impostor.pem");
        var key = Path.Combine(directory, "impostor.key");
        await PskSessionFile.Require(await OpenSslProgram.RunAsync(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", certificate, "-subj", "/CN=impostor", "-days", "1"]));
        return (certificate, key);
    }
}
