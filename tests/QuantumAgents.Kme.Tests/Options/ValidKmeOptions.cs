using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Tests.Options;

/// <summary>A valid KME configuration whose TLS files exist in a throw-away directory.</summary>
public sealed class ValidKmeOptions : IDisposable
{
    public ValidKmeOptions()
    {
        Directory = Path.Combine(Path.GetTempPath(), "qa-kme-options-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var name in new[] { "kme.crt", "kme.key", "ca.crt" })
        {
            File.WriteAllText(Path.Combine(Directory, name), "placeholder");
        }
    }

    public string Directory { get; }

    public KmeOptions Create() => new()
    {
        Node = "cait",
        Listen = ["https://0.0.0.0:8443"],
        Tls = new ServerTlsOptions
        {
            Certificate = Path.Combine(Directory, "kme.crt"),
            Key = Path.Combine(Directory, "kme.key"),
            Ca = Path.Combine(Directory, "ca.crt"),
        },
        StateDirectory = Path.Combine(Directory, "state"),
        Saes = new()
        {
            ["sae-cait"] = new SaeOptions { Node = "cait", CertificateSubject = "CN=sae-cait" },
            ["sae-ccs"] = new SaeOptions { Node = "ccs" },
        },
        Links = new()
        {
            ["ccs"] = new QkdLinkOptions { Url = "https://ccs.example:8443", PeerCertificateSubject = "CN=kme-ccs" },
        },
    };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
