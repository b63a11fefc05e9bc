// bench/kme: ETSI 014 enc_keys (1 key of 256 bits) against the testbed's cait KME, next to a
// baseline measured in the same run: GET /healthz on the same KME over the same mutual-TLS
// connections, i.e. everything but the key logic. Then the virtual pair cait→rectorado
// (forwarded through ccs) against the direct pair, and how long a delivered key stays on disk.
// Usage: qa-bench-kme TESTBED_JSON [SECONDS]
using System.Globalization;
using System.Net;
using System.Text.Json;
using QuantumAgents.Bench.Kme;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Core.Net;

var testbedPath = args.Length > 0 ? args[0] : "/run/qa-testbed/testbed.json";
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
using var testbed = JsonDocument.Parse(File.ReadAllText(testbedPath));
var ca = testbed.RootElement.GetProperty("ca").GetString()!;
var cait = testbed.RootElement.GetProperty("nodes").GetProperty("cait");
var sae = cait.GetProperty("saes").GetProperty("cait");
var kme = new Uri(cait.GetProperty("kme_url").GetString()! + "/");
var ccs = testbed.RootElement.GetProperty("nodes").GetProperty("ccs");

var culture = CultureInfo.InvariantCulture;
var duration = TimeSpan.FromSeconds(seconds);
var warmUp = TimeSpan.FromSeconds(1);
var levels = Environment.GetEnvironmentVariable("QA_BENCH_LEVELS")?.Split(',').Select(l => int.Parse(l, culture)).ToArray() ?? [1, 16, 256];
Console.WriteLine(string.Create(culture, $"bench/kme: enc_keys (1 x 256 bit) at {kme}, {seconds} s per level, baseline GET /healthz on the same KME"));
Console.WriteLine("| concurrency | enc_keys keys/s | p50 ms | p99 ms | errors | baseline req/s | p50 ms | p99 ms | enc_keys / baseline |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
// Erase delay (docs/kme.md "Erased means erased"): keys delivered cait→ccs, each timed until it is in
// no file of either KME's state directory; first with the pools full and quiet, then after the
// load, while the producers refill them.
var testbedDirectory = Path.GetDirectoryName(Path.GetFullPath(testbedPath))!;
List<string> states = [Path.Combine(testbedDirectory, "state", "cait"), Path.Combine(testbedDirectory, "state", "ccs")];
var ccsSae = ccs.GetProperty("saes").GetProperty("ccs");
using var issuer = new Etsi014Client(Client());
using var slave = new Etsi014Client(new Uri(ccs.GetProperty("kme_url").GetString()! + "/"),
    new MutualTlsOptions(ccsSae.GetProperty("cert").GetString()!, ccsSae.GetProperty("key").GetString()!, ca));
var eraseQuiet = await EraseDelay.MeasureAsync(issuer, slave, states, "quiet pools");

var direct = new Dictionary<int, LoadResult>();
foreach (var concurrency in levels)
{
    using var http = Client();
    var baseline = await LoadRunner.RunAsync(concurrency, warmUp, duration, async ct =>
    {
        using var response = await http.GetAsync("healthz", ct);
        response.EnsureSuccessStatusCode();
    });
    var encKeys = direct[concurrency] = await LoadRunner.RunAsync(concurrency, warmUp, duration, ct => EncKeysAsync(http, "ccs", ct));
    Console.WriteLine(string.Create(culture,
        $"| {concurrency} | {encKeys.PerSecond:0} | {encKeys.P50Ms:0.00} | {encKeys.P99Ms:0.00} | {encKeys.Failed} | {baseline.PerSecond:0} | {baseline.P50Ms:0.00} | {baseline.P99Ms:0.00} | {encKeys.PerSecond / baseline.PerSecond:0.00} |"));
}

// The virtual pair cait-rectorado (forwarded through ccs), against the direct pair just measured.
Console.WriteLine();
Console.WriteLine("| concurrency | cait→rectorado via ccs keys/s | p50 ms | p99 ms | errors | direct cait→ccs keys/s | virtual / direct |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
foreach (var concurrency in levels)
{
    using var http = Client();
    var forwarded = await LoadRunner.RunAsync(concurrency, warmUp, duration, ct => EncKeysAsync(http, "rectorado", ct));
    Console.WriteLine(string.Create(culture,
        $"| {concurrency} | {forwarded.PerSecond:0} | {forwarded.P50Ms:0.00} | {forwarded.P99Ms:0.00} | {forwarded.Failed} | {direct[concurrency].PerSecond:0} | {forwarded.PerSecond / direct[concurrency].PerSecond:0.00} |"));
}

Console.WriteLine();
Console.WriteLine(eraseQuiet);
Console.WriteLine(await EraseDelay.MeasureAsync(issuer, slave, states, "while the pools refill"));

HttpClient Client()
{
    var http = MutualTlsHttp.CreateClient(
        new MutualTlsOptions(sae.GetProperty("cert").GetString()!, sae.GetProperty("key").GetString()!, ca) { Timeout = TimeSpan.FromSeconds(30) }, kme);
    http.DefaultRequestVersion = HttpVersion.Version11;
    return http;
}

static async Task EncKeysAsync(HttpClient http, string slave, CancellationToken ct)
{
    using var content = new StringContent("""{"number":1,"size":256}""", System.Text.Encoding.UTF8, "application/json");
    using var response = await http.PostAsync($"api/v1/keys/{slave}/enc_keys", content, ct);
    if (response.StatusCode != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"enc_keys answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }
    await response.Content.ReadAsByteArrayAsync(ct);
}
