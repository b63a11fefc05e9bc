using System.Text.RegularExpressions;

namespace QuantumAgents.Kme.Options;

/// <summary>Checks a <see cref="KmeOptions"/> before anything starts; each problem names its field.</summary>
internal static partial class KmeOptionsValidator
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex Name();

    [GeneratedRegex(@"^[0-9a-fA-F]{64}\z")]
    private static partial Regex Sha256Hex();

    public static IEnumerable<string> Validate(KmeOptions o)
    {
        if (!Name().IsMatch(o.Node))
        {
            yield return "node: required, letters, digits, '.', '_' or '-'";
        }
        if (o.Listen.Count == 0)
        {
            yield return "listen: at least one https:// URL";
        }
        foreach (var (url, i) in o.Listen.Select((u, i) => (u, i)))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.AbsolutePath != "/")
            {
                yield return $"listen[{i}]: '{url}' is not an https://ADDRESS:PORT URL";
            }
        }
        foreach (var problem in RequiredFile("tls.certificate", o.Tls.Certificate)
                     .Concat(RequiredFile("tls.key", o.Tls.Key))
                     .Concat(RequiredFile("tls.ca", o.Tls.Ca)))
        {
            yield return problem;
        }
        if (string.IsNullOrWhiteSpace(o.StateDirectory))
        {
            yield return "state_directory: required";
        }
        if (o.Durability is not ("power_loss" or "process_crash"))
        {
            yield return $"durability: '{o.Durability}' is not one of power_loss, process_crash";
        }
        if (o.AuditRetentionDays is < 1 or > 36_500)
        {
            yield return "audit_retention_days: 1 to 36500";
        }
        foreach (var problem in ValidateKeys(o.Keys))
        {
            yield return problem;
        }
        foreach (var problem in ValidateSaes(o))
        {
            yield return problem;
        }
        foreach (var problem in ValidateLimits(o))
        {
            yield return problem;
        }
        foreach (var problem in ValidateLinks(o))
        {
            yield return problem;
        }
        foreach (var problem in ValidateTopology(o))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> ValidateTopology(KmeOptions o)
    {
        if (o.Topology.Count == 0)
        {
            yield break;
        }
        var own = o.Topology.GetValueOrDefault(o.Node) ?? [];
        if (!own.Order(StringComparer.Ordinal).SequenceEqual(o.Links.Keys.Order(StringComparer.Ordinal)))
        {
            yield return $"topology.{o.Node}: must list exactly this node's links ({string.Join(", ", o.Links.Keys)})";
        }
        foreach (var (node, neighbours) in o.Topology)
        {
            foreach (var neighbour in neighbours.Where(n => !(o.Topology.GetValueOrDefault(n)?.Contains(node) ?? false)))
            {
                yield return $"topology.{node}: links to {neighbour}, but topology.{neighbour} does not link back";
            }
        }
    }

    private static IEnumerable<string> ValidateKeys(KeyPolicyOptions k)
    {
        if (k.MinSize < 8 || k.MinSize % 8 != 0)
        {
            yield return "keys.min_size: a positive multiple of 8 (bits)";
        }
        if (k.MaxSize < k.MinSize || k.MaxSize % 8 != 0 || k.MaxSize > 1 << 20)
        {
            yield return "keys.max_size: a multiple of 8, at least keys.min_size, at most 1048576";
        }
        if (k.DefaultSize < k.MinSize || k.DefaultSize > k.MaxSize || k.DefaultSize % 8 != 0)
        {
            yield return "keys.default_size: a multiple of 8 between keys.min_size and keys.max_size";
        }
        if (k.MaxPerRequest is < 1 or > 10_000)
        {
            yield return "keys.max_per_request: 1 to 10000";
        }
        if (k.MaxSaeIdCount is < 0 or > 64)
        {
            yield return "keys.max_sae_id_count: 0 to 64";
        }
        if (k.TtlSeconds < 1)
        {
            yield return "keys.ttl_seconds: at least 1";
        }
    }

    private static IEnumerable<string> ValidateSaes(KmeOptions o)
    {
        if (!o.Saes.Values.Any(s => s.Node == o.Node))
        {
            yield return $"saes: no SAE on this node ('{o.Node}')";
        }
        foreach (var (id, sae) in o.Saes)
        {
            if (!Name().IsMatch(id))
            {
                yield return $"saes.{id}: not a valid SAE ID";
            }
            if (!Name().IsMatch(sae.Node))
            {
                yield return $"saes.{id}.node: required";
            }
            if (sae.Node == o.Node && string.IsNullOrWhiteSpace(sae.CertificateSubject) && string.IsNullOrWhiteSpace(sae.CertificateSha256))
            {
                yield return $"saes.{id}: an SAE of this node needs certificate_subject or certificate_sha256";
            }
            if (sae.CertificateSha256 is { } hash && !Sha256Hex().IsMatch(hash.Replace(":", "", StringComparison.Ordinal)))
            {
                yield return $"saes.{id}.certificate_sha256: 64 hex digits";
            }
        }
    }

    private static IEnumerable<string> ValidateLinks(KmeOptions o)
    {
        foreach (var (peer, link) in o.Links)
        {
            var at = $"links.{peer}";
            if (peer == o.Node || !Name().IsMatch(peer))
            {
                yield return $"{at}: the peer must be another node";
            }
            if (!Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                yield return $"{at}.url: an https:// URL of the peer KME";
            }
            if (string.IsNullOrWhiteSpace(link.PeerCertificateSubject) && string.IsNullOrWhiteSpace(link.PeerCertificateSha256))
            {
                yield return $"{at}: peer_certificate_subject or peer_certificate_sha256 is required";
            }
            var s = link.Source;
            // Both ends report it in status (rate_bits_per_second), and streams are admitted
            // against it, so it must be sane on the receiving side and for etsi014 too.
            if (s.RateBitsPerSecond < 8)
            {
                yield return $"{at}.source.rate_bits_per_second: at least 8";
            }
            switch (s.Kind)
            {
                case "simulated":
                    break;
                case "etsi014":
                    foreach (var (field, value) in new[]
                             {
                                 ("upstream_url", s.UpstreamUrl), ("upstream_sae_id", s.UpstreamSaeId), ("upstream_peer_sae_id", s.UpstreamPeerSaeId),
                                 ("upstream_certificate", s.UpstreamCertificate), ("upstream_key", s.UpstreamKey), ("upstream_ca", s.UpstreamCa),
                             })
                    {
                        if (string.IsNullOrWhiteSpace(value))
                        {
                            yield return $"{at}.source.{field}: required for kind etsi014";
                        }
                    }
                    break;
                default:
                    yield return $"{at}.source.kind: '{s.Kind}' is not one of simulated, etsi014";
                    break;
            }
            if (s.PoolBits < 8 * s.BlockBytes)
            {
                yield return $"{at}.source.pool_bits: at least one block (8 × block_bytes)";
            }
            if (s.BlockBytes is < 32 or > 1 << 20)
            {
                yield return $"{at}.source.block_bytes: 32 to 1048576";
            }
        }
    }

    private static IEnumerable<string> RequiredFile(string field, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            yield return $"{field}: required";
        }
        else if (!File.Exists(path))
        {
            yield return $"{field}: {path} does not exist";
        }
    }
}
