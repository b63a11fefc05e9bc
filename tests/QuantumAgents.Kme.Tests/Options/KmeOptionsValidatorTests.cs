using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Tests.Options;

public sealed class KmeOptionsValidatorTests : IDisposable
{
    private readonly ValidKmeOptions _valid = new();

    public void Dispose() => _valid.Dispose();

    /// <summary>The one problem a single mistake causes, which must name the field.</summary>
    private string OnlyProblem(Action<KmeOptions> mistake)
    {
        var options = _valid.Create();
        mistake(options);
        return Assert.Single(options.Validate());
    }

    [Theory]
    [InlineData("https://0.0.0.0")]
    [InlineData("https://198.18.255.1:443")]
    public void Listen_on_the_default_https_port_is_accepted(string url)
    {
        var options = _valid.Create();
        options.Listen = [url];
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("power_loss")]
    [InlineData("process_crash")]
    public void Both_durability_levels_are_accepted(string durability)
    {
        var options = _valid.Create();
        options.Durability = durability;
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(36_501)]
    public void An_audit_retention_outside_a_day_to_a_century_names_the_field(int days)
    {
        Assert.StartsWith("audit_retention_days:", OnlyProblem(o => o.AuditRetentionDays = days), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_durability_names_the_field_and_the_choices()
    {
        var problem = OnlyProblem(o => o.Durability = "eventually");
        Assert.StartsWith("durability:", problem, StringComparison.Ordinal);
        Assert.Contains("power_loss", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_topology_must_list_this_nodes_own_links()
    {
        var problem = OnlyProblem(o => o.Topology = new() { ["cait"] = ["rectorado"], ["rectorado"] = ["cait"] });
        Assert.StartsWith("topology.cait:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_topology_link_must_be_listed_from_both_ends()
    {
        var problem = OnlyProblem(o => o.Topology = new() { ["cait"] = ["ccs"], ["ccs"] = ["cait", "rectorado"], ["rectorado"] = [] });
        Assert.Contains("rectorado does not link back", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_configuration_has_no_problems()
    {
        Assert.Empty(_valid.Create().Validate());
    }

    [Fact]
    public void Etsi014_source_with_every_upstream_setting_is_valid()
    {
        var options = _valid.Create();
        options.Links["ccs"].Source = new KeySourceOptions
        {
            Kind = "etsi014",
            UpstreamUrl = "https://vendor-kme:443",
            UpstreamSaeId = "a",
            UpstreamPeerSaeId = "b",
            UpstreamCertificate = "c",
            UpstreamKey = "d",
            UpstreamCa = "e",
        };
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-cait")]
    [InlineData("ca it")]
    public void Bad_node_name_names_node(string node)
    {
        var options = _valid.Create();
        options.Node = node;
        Assert.Contains(options.Validate(), p => p.StartsWith("node:", StringComparison.Ordinal));
    }

    [Fact]
    public void No_listen_url_names_listen()
    {
        Assert.StartsWith("listen:", OnlyProblem(o => o.Listen = []), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8443")]
    [InlineData("https://0.0.0.0:8443/api")]
    [InlineData("not a url")]
    public void Listen_url_that_is_not_an_https_address_and_port_names_its_index(string url)
    {
        var problem = OnlyProblem(o => o.Listen = ["https://0.0.0.0:8443", url]);
        Assert.StartsWith("listen[1]:", problem, StringComparison.Ordinal);
        Assert.Contains(url, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_tls_file_names_the_field_and_the_path()
    {
        var missing = Path.Combine(_valid.Directory, "nope.crt");
        var problem = OnlyProblem(o => o.Tls.Certificate = missing);
        Assert.StartsWith("tls.certificate:", problem, StringComparison.Ordinal);
        Assert.Contains(missing, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_tls_paths_are_required()
    {
        var options = _valid.Create();
        options.Tls = new ServerTlsOptions();
        Assert.Equal(["tls.certificate: required", "tls.key: required", "tls.ca: required"], options.Validate());
    }

    [Fact]
    public void Empty_state_directory_names_state_directory()
    {
        Assert.StartsWith("state_directory:", OnlyProblem(o => o.StateDirectory = " "), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(32)]
    [InlineData(16384)]
    public void Default_size_not_a_multiple_of_8_within_limits_names_keys_default_size(int size)
    {
        Assert.StartsWith("keys.default_size:", OnlyProblem(o => o.Keys.DefaultSize = size), StringComparison.Ordinal);
    }

    [Fact]
    public void Min_size_not_a_multiple_of_8_names_keys_min_size()
    {
        var options = _valid.Create();
        options.Keys.MinSize = 60;
        Assert.Contains(options.Validate(), p => p.StartsWith("keys.min_size:", StringComparison.Ordinal));
    }

    [Fact]
    public void Max_size_below_min_size_names_keys_max_size()
    {
        var options = _valid.Create();
        options.Keys.MaxSize = 32;
        Assert.Contains(options.Validate(), p => p.StartsWith("keys.max_size:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void Max_per_request_out_of_range_names_it(int max)
    {
        Assert.StartsWith("keys.max_per_request:", OnlyProblem(o => o.Keys.MaxPerRequest = max), StringComparison.Ordinal);
    }

    [Fact]
    public void Ttl_below_one_second_names_keys_ttl_seconds()
    {
        Assert.StartsWith("keys.ttl_seconds:", OnlyProblem(o => o.Keys.TtlSeconds = 0), StringComparison.Ordinal);
    }

    [Fact]
    public void Sae_of_this_node_without_certificate_identity_names_the_sae()
    {
        var problem = OnlyProblem(o => o.Saes["sae-cait-2"] = new SaeOptions { Node = "cait" });
        Assert.StartsWith("saes.sae-cait-2:", problem, StringComparison.Ordinal);
        Assert.Contains("certificate_subject", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Sae_of_another_node_needs_no_certificate_identity()
    {
        var options = _valid.Create();
        options.Saes["sae-rectorado"] = new SaeOptions { Node = "rectorado" };
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void No_sae_on_this_node_names_saes()
    {
        var problem = OnlyProblem(o => o.Saes.Remove("sae-cait"));
        Assert.StartsWith("saes:", problem, StringComparison.Ordinal);
        Assert.Contains("cait", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Sae_without_node_names_its_node_field()
    {
        Assert.StartsWith("saes.sae-x.node:", OnlyProblem(o => o.Saes["sae-x"] = new SaeOptions()), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_sha256_names_certificate_sha256()
    {
        var problem = OnlyProblem(o => o.Saes["sae-cait"].CertificateSha256 = "abcd");
        Assert.StartsWith("saes.sae-cait.certificate_sha256:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Sha256_with_colons_is_accepted()
    {
        var options = _valid.Create();
        options.Saes["sae-cait"] = new SaeOptions { Node = "cait", CertificateSha256 = string.Join(':', Enumerable.Repeat("AB", 32)) };
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Ids_and_fingerprints_with_a_trailing_newline_are_refused()
    {
        var options = _valid.Create();
        options.Saes["sae-cait"].CertificateSha256 = new string('a', 64) + "\n";
        options.Saes["sae-ccs\n"] = new SaeOptions { Node = "ccs" };
        Assert.Contains(options.Validate(), p => p.StartsWith("saes.sae-cait.certificate_sha256:", StringComparison.Ordinal));
        Assert.Contains(options.Validate(), p => p.StartsWith("saes.sae-ccs\n:", StringComparison.Ordinal));
    }

    [Fact]
    public void Link_without_peer_identity_names_the_link()
    {
        var problem = OnlyProblem(o => o.Links["ccs"].PeerCertificateSubject = null);
        Assert.StartsWith("links.ccs:", problem, StringComparison.Ordinal);
        Assert.Contains("peer_certificate_subject", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_to_this_node_itself_is_refused()
    {
        var options = _valid.Create();
        options.Links["cait"] = new QkdLinkOptions { Url = "https://cait:8443", PeerCertificateSubject = "CN=kme-cait" };
        Assert.StartsWith("links.cait:", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Link_url_that_is_not_https_names_links_peer_url()
    {
        Assert.StartsWith("links.ccs.url:", OnlyProblem(o => o.Links["ccs"].Url = "http://ccs:8443"), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_source_kind_names_links_peer_source_kind()
    {
        var problem = OnlyProblem(o => o.Links["ccs"].Source.Kind = "quantum-magic");
        Assert.StartsWith("links.ccs.source.kind:", problem, StringComparison.Ordinal);
        Assert.Contains("quantum-magic", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Etsi014_source_without_upstream_url_names_it()
    {
        var options = _valid.Create();
        options.Links["ccs"].Source = new KeySourceOptions
        {
            Kind = "etsi014",
            UpstreamSaeId = "a",
            UpstreamPeerSaeId = "b",
            UpstreamCertificate = "c",
            UpstreamKey = "d",
            UpstreamCa = "e",
        };
        Assert.Equal("links.ccs.source.upstream_url: required for kind etsi014", Assert.Single(options.Validate()));
    }

    [Fact]
    public void Etsi014_source_with_nothing_set_names_every_upstream_field()
    {
        var options = _valid.Create();
        options.Links["ccs"].Source = new KeySourceOptions { Kind = "etsi014" };
        var problems = options.Validate().ToList();
        Assert.Equal(6, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("links.ccs.source.upstream_", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Producer_rate_below_8_bits_per_second_names_it()
    {
        var problem = OnlyProblem(o => o.Links["ccs"].Source = new KeySourceOptions { Producer = true, RateBitsPerSecond = 7 });
        Assert.StartsWith("links.ccs.source.rate_bits_per_second:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Pool_smaller_than_one_block_names_pool_bits()
    {
        var problem = OnlyProblem(o => o.Links["ccs"].Source.PoolBits = 8 * 4096 - 1);
        Assert.StartsWith("links.ccs.source.pool_bits:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_size_out_of_range_names_block_bytes()
    {
        Assert.StartsWith("links.ccs.source.block_bytes:", OnlyProblem(o => o.Links["ccs"].Source.BlockBytes = 16), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_mistakes_are_all_reported()
    {
        var options = _valid.Create();
        options.Listen = [];
        options.Keys.TtlSeconds = 0;
        options.Links["ccs"].Source.Kind = "x";
        Assert.Equal(3, options.Validate().Count());
    }

    [Fact]
    public void Effective_kme_id_defaults_to_kme_dash_node()
    {
        var options = _valid.Create();
        Assert.Equal("kme-cait", options.EffectiveKmeId);
        options.KmeId = "KME-1";
        Assert.Equal("KME-1", options.EffectiveKmeId);
    }
}
