using CliWrap;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>A self-signed client certificate with a legitimate-looking subject, from no CA the KMEs trust.</summary>
public static class ForeignCertificate
{
    public static async Task<SaeCredentials> CreateAsync(string subject)
    {
        var directory = Directory.CreateTempSubdirectory("qa-foreign-").FullName;
        var certificate = Path.Combine(directory, "cert.pem");
        var key = Path.Combine(directory, "key.pem");
        await Cli.Wrap("openssl")
            .WithArguments(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                "-subj", "/CN=" + subject, "-keyout", key, "-out", certificate])
            .ExecuteAsync();
        return new SaeCredentials(subject, certificate, key);
    }
}
