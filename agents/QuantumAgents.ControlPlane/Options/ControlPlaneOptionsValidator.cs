using System.Net;
using System.Text.RegularExpressions;
using QuantumAgents.ControlPlane.Validation;
using QuantumAgents.Core.Net;

namespace QuantumAgents.ControlPlane.Options;

/// <summary>Checks a <see cref="ControlPlaneOptions"/> before anything starts; each problem names its field.</summary>
internal static partial class ControlPlaneOptionsValidator
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,31}\z")]
    public static partial Regex NodeName();

    [GeneratedRegex(@"^[0-9a-f]{64}\z")]
    private static partial Regex Sha256Hex();

    public static IEnumerable<string> Validate(ControlPlaneOptions o)
    {
        if (o.Listen.Count == 0)
        {
            yield return "listen: at least one http:// or https:// URL";
        }
        foreach (var (url, i) in o.Listen.Select((u, i) => (u, i)))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/"
                || !(IPAddress.TryParse(uri.Host.Trim('[', ']'), out _) || uri.Host is "0.0.0.0" or "*"))
            {
                yield return $"listen[{i}]: '{url}' is not an http(s)://ADDRESS:PORT URL";
            }
            else if (uri.Scheme == "https" && (o.Tls.Certificate.Length == 0 || o.Tls.Key.Length == 0))
            {
                yield return $"tls.certificate: required for the https listener listen[{i}]";
            }
        }
        foreach (var (field, path) in new[] { ("tls.certificate", o.Tls.Certificate), ("tls.key", o.Tls.Key) })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                yield return $"{field}: {path} does not exist";
            }
        }
        if (string.IsNullOrWhiteSpace(o.StateDirectory))
        {
            yield return "state_directory: required";
        }
        if (o.Durability is not ("power_loss" or "process_crash"))
        {
            yield return $"durability: '{o.Durability}' is not one of power_loss, process_crash";
        }
        if (!Sha256Hex().IsMatch(o.AdminTokenSha256))
        {
            yield return "admin_token_sha256: required, the SHA-256 of the admin token as 64 lowercase hex digits";
        }
        if (o.AgentTimeoutSeconds is < 1 or > 3600)
        {
            yield return "agent_timeout_seconds: between 1 and 3600";
        }
        if (o.MaxWaitSeconds is < 1 or > 3600)
        {
            yield return "max_wait_seconds: between 1 and 3600";
        }
        foreach (var problem in ValidateNodes(o).Concat(ValidateBoundaries(o)).Concat(ValidateKeyBudget(o.KeyBudget)).Concat(ValidateEntropy(o.Entropy)))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> ValidateNodes(ControlPlaneOptions o)
    {
        if (o.Nodes.Count == 0)
        {
            yield return "nodes: at least one node";
        }
        foreach (var (name, node) in o.Nodes)
        {
            if (!NodeName().IsMatch(name))
            {
                yield return $"nodes.{name}: a node name is lowercase letters, digits and '-', at most 32";
            }
            if (!IPAddress.TryParse(node.Address, out _))
            {
                yield return $"nodes.{name}.address: required, an IP address";
            }
            if (!Sha256Hex().IsMatch(node.TokenSha256))
            {
                yield return $"nodes.{name}.token_sha256: required, 64 lowercase hex digits";
            }
            foreach (var peer in node.Links)
            {
                if (!o.Nodes.TryGetValue(peer, out var other))
                {
                    yield return $"nodes.{name}.links: '{peer}' is not a node";
                }
                else if (!other.Links.Contains(name))
                {
                    yield return $"nodes.{name}.links: '{peer}' does not list '{name}' back";
                }
            }
        }
        var hashes = o.Nodes.Values.Select(n => n.TokenSha256).Append(o.AdminTokenSha256).Where(h => h.Length > 0).ToList();
        if (hashes.Distinct(StringComparer.Ordinal).Count() != hashes.Count)
        {
            yield return "nodes: every node and the admin need a token of their own";
        }
    }

    private static IEnumerable<string> ValidateBoundaries(ControlPlaneOptions o)
    {
        if (InfrastructureRanges.TryParseAll(o.InfrastructureRanges, out var bad) is null)
        {
            yield return $"infrastructure_ranges: '{bad}' is not a CIDR (e.g. 198.18.255.0/24) or an address";
        }
        foreach (var (name, node) in o.Nodes)
        {
            foreach (var (entry, i) in node.ClientSubnets.Select((e, i) => (e, i)))
            {
                var field = $"nodes.{name}.client_subnets[{i}]";
                if (!Subnets.TryParse(entry.Subnet, out _))
                {
                    yield return $"{field}.subnet: '{entry.Subnet}' is not a subnet in CIDR form (e.g. 198.19.1.0/24)";
                }
                foreach (var problem in ValidateTenants(field, entry.Tenants))
                {
                    yield return problem;
                }
            }
            foreach (var (entry, i) in node.TlsTargets.Select((e, i) => (e, i)))
            {
                var field = $"nodes.{name}.tls_targets[{i}]";
                if (!Subnets.TryParse(entry.Subnet, out _))
                {
                    yield return $"{field}.subnet: '{entry.Subnet}' is not a subnet in CIDR form (e.g. 198.19.3.0/24)";
                }
                if (!PortRange.TryParse(entry.Ports, out _))
                {
                    yield return $"{field}.ports: '{entry.Ports}' is not a port (443) or a range (8000-8099) within 1-65535";
                }
                foreach (var problem in ValidateTenants(field, entry.Tenants))
                {
                    yield return problem;
                }
            }
        }
    }

    private static IEnumerable<string> ValidateTenants(string field, List<string> tenants)
    {
        if (tenants.Count == 0)
        {
            yield return $"{field}.tenants: at least one tenant name (a range no tenant may use need not be listed)";
        }
        foreach (var tenant in tenants.Where(t => !RequestValidator.IsTenantName(t)))
        {
            yield return $"{field}.tenants: '{tenant}' is not a tenant name (lowercase letters, digits and '-', at most 32)";
        }
    }

    private static IEnumerable<string> ValidateKeyBudget(KeyBudgetOptions k)
    {
        if (!(k.Overcommit is >= 0.1 and <= 100))
        {
            yield return "key_budget.overcommit: between 0.1 and 100 (1.0 admits exactly what the links produce)";
        }
        if (k.KeyBits is < 64 or > 8192 || k.KeyBits % 8 != 0)
        {
            yield return "key_budget.key_bits: a multiple of 8 between 64 and 8192, the key size the agents take";
        }
    }

    private static IEnumerable<string> ValidateEntropy(EntropyServiceOptions e)
    {
        foreach (var problem in e.Source.Validate("entropy.source"))
        {
            yield return problem;
        }
        if (e.MaxBytesPerRequest is < 1 or > 64 << 20)
        {
            yield return "entropy.max_bytes_per_request: between 1 and 67108864";
        }
        if (e.TenantBytesPerSecond < 1)
        {
            yield return "entropy.tenant_bytes_per_second: at least 1";
        }
        if (e.TenantBurstBytes < e.MaxBytesPerRequest)
        {
            yield return "entropy.tenant_burst_bytes: at least entropy.max_bytes_per_request, or the largest request could never be served";
        }
    }
}
