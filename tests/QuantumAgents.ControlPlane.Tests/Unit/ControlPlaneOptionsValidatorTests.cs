using QuantumAgents.ControlPlane.Options;

namespace QuantumAgents.ControlPlane.Tests.Unit;

/// <summary>Each bad setting is reported with the path of its field; the rest of the configuration stays valid.</summary>
public sealed class ControlPlaneOptionsValidatorTests
{
    private static readonly string Same = new('a', 64);

    private static readonly Dictionary<string, Action<ControlPlaneOptions>> Changes = new()
    {
        ["listen: at least one"] = o => o.Listen.Clear(),
        ["listen[0]: 'ftp://127.0.0.1:21'"] = o => o.Listen[0] = "ftp://127.0.0.1:21",
        ["listen[0]: 'http://localhost:8470'"] = o => o.Listen[0] = "http://localhost:8470",
        ["listen[1]: 'https://[::1]:8471/api'"] = o => o.Listen[1] = "https://[::1]:8471/api",
        ["listen[0]: 'not a url'"] = o => o.Listen[0] = "not a url",
        ["tls.certificate: required for the https listener listen[1]"] = o => o.Tls = new ControlTlsOptions(),
        ["tls.certificate: /nonexistent/cert.pem does not exist"] = o => o.Tls.Certificate = "/nonexistent/cert.pem",
        ["tls.key: /nonexistent/key.pem does not exist"] = o => o.Tls.Key = "/nonexistent/key.pem",
        ["state_directory: required"] = o => o.StateDirectory = " ",
        ["durability: 'sometimes'"] = o => o.Durability = "sometimes",
        ["admin_token_sha256: required"] = o => o.AdminTokenSha256 = "",
        ["admin_token_sha256: required, the SHA-256"] = o => o.AdminTokenSha256 = o.AdminTokenSha256.ToUpperInvariant(),
        ["agent_timeout_seconds: between 1 and 3600"] = o => o.AgentTimeoutSeconds = 0,
        ["max_wait_seconds: between 1 and 3600"] = o => o.MaxWaitSeconds = 3601,
        ["nodes: at least one node"] = o => o.Nodes.Clear(),
        ["nodes.Cait: a node name"] = o => o.Nodes["Cait"] = new ControlNodeOptions { Address = "198.18.1.1", TokenSha256 = new string('c', 64) },
        ["nodes.island.address: required, an IP address"] = o => o.Nodes["island"].Address = "island.example",
        ["nodes.island.token_sha256: required"] = o => o.Nodes["island"].TokenSha256 = "abc",
        ["nodes.island.links: 'atlantis' is not a node"] = o => o.Nodes["island"].Links.Add("atlantis"),
        ["nodes.island.links: 'cait' does not list 'island' back"] = o => o.Nodes["island"].Links.Add("cait"),
        ["nodes: every node and the admin need a token of their own"] = o => (o.AdminTokenSha256, o.Nodes["cait"].TokenSha256) = (Same, Same),
        ["infrastructure_ranges: 'mgmt' is not a CIDR"] = o => o.InfrastructureRanges = ["198.18.255.0/24", "mgmt"],
        ["infrastructure_ranges: '198.18.255.1/24' is not a CIDR"] = o => o.InfrastructureRanges = ["198.18.255.1/24"],
        ["nodes.cait.client_subnets[0].subnet: '198.19.1.1/24' is not a subnet"] = o => o.Nodes["cait"].ClientSubnets.Add(new() { Subnet = "198.19.1.1/24", Tenants = ["demo"] }),
        ["nodes.cait.client_subnets[0].tenants: at least one tenant name"] = o => o.Nodes["cait"].ClientSubnets.Add(new() { Subnet = "198.19.1.0/24" }),
        ["nodes.cait.client_subnets[0].tenants: 'Demo' is not a tenant name"] = o => o.Nodes["cait"].ClientSubnets.Add(new() { Subnet = "198.19.1.0/24", Tenants = ["Demo"] }),
        ["nodes.ccs.tls_targets[0].subnet: 'web.example' is not a subnet"] = o => o.Nodes["ccs"].TlsTargets.Add(new() { Subnet = "web.example", Tenants = ["demo"] }),
        ["nodes.ccs.tls_targets[0].ports: '443-80' is not a port"] = o => o.Nodes["ccs"].TlsTargets.Add(new() { Subnet = "198.19.2.0/24", Ports = "443-80", Tenants = ["demo"] }),
        ["nodes.ccs.tls_targets[0].ports: '0' is not a port"] = o => o.Nodes["ccs"].TlsTargets.Add(new() { Subnet = "198.19.2.0/24", Ports = "0", Tenants = ["demo"] }),
        ["nodes.ccs.tls_targets[0].tenants: at least one tenant name"] = o => o.Nodes["ccs"].TlsTargets.Add(new() { Subnet = "198.19.2.0/24" }),
        ["key_budget.overcommit: between 0.1 and 100"] = o => o.KeyBudget.Overcommit = 0,
        ["key_budget.overcommit: between 0.1 and 100 "] = o => o.KeyBudget.Overcommit = double.NaN,
        ["key_budget.key_bits: a multiple of 8"] = o => o.KeyBudget.KeyBits = 100,
        ["entropy.source.kind: 'quantum'"] = o => o.Entropy.Source.Kind = "quantum",
        ["entropy.source.path: required for kind device"] = o => o.Entropy.Source.Kind = "device",
        ["entropy.max_bytes_per_request: between 1 and 67108864"] = o => o.Entropy.MaxBytesPerRequest = 0,
        ["entropy.tenant_bytes_per_second: at least 1"] = o => o.Entropy.TenantBytesPerSecond = 0,
        ["entropy.tenant_burst_bytes: at least entropy.max_bytes_per_request"] = o => o.Entropy.TenantBurstBytes = o.Entropy.MaxBytesPerRequest - 1,
    };

    public static TheoryData<string> Problems => [.. Changes.Keys];

    [Fact]
    public void The_sample_configuration_is_valid()
    {
        Assert.Empty(ControlPlaneOptionsValidator.Validate(SampleOptions.Valid()));
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void A_bad_setting_is_the_one_problem_reported_and_names_its_field(string problem)
    {
        var options = SampleOptions.Valid();
        Changes[problem](options);

        var reported = Assert.Single(ControlPlaneOptionsValidator.Validate(options));

        Assert.StartsWith(problem, reported, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = SampleOptions.Valid();
        options.Durability = "never";
        options.MaxWaitSeconds = 0;
        options.Entropy.Source.Kind = "dice";

        Assert.Equal(3, ControlPlaneOptionsValidator.Validate(options).Count());
    }
}
