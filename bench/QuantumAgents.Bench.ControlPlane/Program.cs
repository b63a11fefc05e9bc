// bench/controlplane: requests/s, p50 and p99 of qa-controld for GET nodes, POST+DELETE tunnels and
// GET entropy?bytes=32, closed-loop at each concurrency level, each cell next to a baseline measured
// just before it (GET /healthz on the same server: an HTTPS request with nothing behind it); then each
// at a fixed open-loop rate (the issue's goal: p99 < 20 ms at 1,000 requests/s).
//
// Usage: qa-bench-controlplane BASE_URL CERTIFICATE_PEM ADMIN_TOKEN_FILE
//   QA_BENCH_SECONDS=3          seconds per closed-loop cell (after 1 s of warm-up)
//   QA_BENCH_LEVELS=1,16,64     the concurrency levels
//   QA_BENCH_RATE=1000          the open-loop rate, requests/s
//   QA_BENCH_RATE_SECONDS=10    seconds per open-loop run (after 1 s of warm-up)
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using QuantumAgents.Bench.ControlPlane;
using QuantumAgents.Bench.Kme;

const double GoalP99Ms = 20;
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: qa-bench-controlplane BASE_URL CERTIFICATE_PEM ADMIN_TOKEN_FILE (bench/controlplane.sh starts the server and passes these)");
    return 2;
}
var culture = CultureInfo.InvariantCulture;
var baseAddress = new Uri(args[0].TrimEnd('/') + "/");
var certificate = args[1];
var seconds = Setting("QA_BENCH_SECONDS", 3);
var rate = Setting("QA_BENCH_RATE", 1000);
var rateSeconds = Setting("QA_BENCH_RATE_SECONDS", 10);
var levels = Environment.GetEnvironmentVariable("QA_BENCH_LEVELS")?.Split(',').Select(l => int.Parse(l, culture)).ToArray() ?? [1, 16, 64];
var warmUp = TimeSpan.FromSeconds(1);

var tenantToken = await CreateTenantAsync();
long failedRequests = 0;
var baseline = new GetWorkload("GET /healthz (baseline)", "healthz");
var tunnels = new TunnelChurnWorkload();
IWorkload[] workloads = [new GetWorkload("GET nodes", "api/v1/nodes"), tunnels, new GetWorkload("GET entropy?bytes=32", "api/v1/entropy?bytes=32")];

Console.WriteLine(string.Create(culture, $"bench/controlplane: {baseAddress} over HTTPS/1.1, {seconds} s per cell, closed loop; baseline GET /healthz on the same server just before each cell"));
Console.WriteLine("POST+DELETE tunnels: each request is one POST or one DELETE (they alternate); both commit to the database before answering.");
Console.WriteLine();
Console.WriteLine("| workload | concurrency | req/s | p50 ms | p99 ms | errors | baseline req/s | baseline p50 ms | baseline p99 ms | req/s / baseline | p99 / baseline p99 |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var concurrency in levels)
{
    using var http = ControlPlaneHttp.CreateClient(baseAddress, certificate, tenantToken);
    foreach (var workload in workloads)
    {
        // The baseline right before each cell: on a shared machine the background load drifts, and a
        // ratio is only fair between two runs that saw the same load.
        var reference = await LoadRunner.RunAsync(concurrency, warmUp, TimeSpan.FromSeconds(seconds), ct => baseline.SendAsync(http, ct));
        var measured = await LoadRunner.RunAsync(concurrency, warmUp, TimeSpan.FromSeconds(seconds), ct => workload.SendAsync(http, ct));
        failedRequests += measured.Failed + reference.Failed;
        Console.WriteLine(string.Create(culture,
            $"| {workload.Name} | {concurrency} | {measured.PerSecond:0} | {measured.P50Ms:0.00} | {measured.P99Ms:0.00} | {measured.Failed} | {reference.PerSecond:0} | {reference.P50Ms:0.00} | {reference.P99Ms:0.00} | {measured.PerSecond / reference.PerSecond:0.00} | {measured.P99Ms / reference.P99Ms:0.0} |"));
    }
    await tunnels.DeleteLiveAsync(http, CancellationToken.None);
}

Console.WriteLine();
Console.WriteLine(string.Create(culture, $"Open loop at {rate} requests/s for {rateSeconds} s each (latency from when each request was due):"));
Console.WriteLine();
Console.WriteLine("| workload | target req/s | achieved req/s | p50 ms | p99 ms | max ms | errors | peak in flight | p99 < 20 ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
foreach (var workload in workloads.Prepend(baseline))
{
    using var http = ControlPlaneHttp.CreateClient(baseAddress, certificate, tenantToken);
    var run = await FixedRateRunner.RunAsync(rate, warmUp, TimeSpan.FromSeconds(rateSeconds), ct => workload.SendAsync(http, ct));
    var m = run.Measured;
    failedRequests += m.Failed;
    if (run.FirstError is not null)
    {
        Console.Error.WriteLine($"bench/controlplane: {workload.Name}: the first failure: {run.FirstError}");
    }
    Console.WriteLine(string.Create(culture,
        $"| {workload.Name} | {run.TargetPerSecond:0} | {m.PerSecond:0} | {m.P50Ms:0.00} | {m.P99Ms:0.00} | {run.MaxMs:0.00} | {m.Failed} | {m.Concurrency} | {(m.P99Ms < GoalP99Ms && m.Failed == 0 ? "yes" : "no")} |"));
    await tunnels.DeleteLiveAsync(http, CancellationToken.None);
}

// Every tunnel the bench created was deleted again: the DELETEs did what they answered.
using (var http = ControlPlaneHttp.CreateClient(baseAddress, certificate, tenantToken))
{
    using var list = JsonDocument.Parse(await http.GetStringAsync("api/v1/ipsec/tunnels"));
    var left = list.RootElement.GetProperty("tunnels").GetArrayLength();
    if (left != 0)
    {
        Console.Error.WriteLine($"bench/controlplane: {left} tunnels are still listed after every one was deleted");
        return 1;
    }
}
// A run with failed requests measured something else (a refusal is cheaper than the work): say so.
if (failedRequests > 0)
{
    Console.Error.WriteLine($"bench/controlplane: {failedRequests} requests failed; the figures above do not measure the workloads");
    return 1;
}
return 0;

double Setting(string name, double fallback) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? double.Parse(value, culture) : fallback;

// A tenant of its own for this run; its token lives only in this process.
async Task<string> CreateTenantAsync()
{
    var adminToken = File.ReadAllText(args[2]).Trim();
    using var admin = ControlPlaneHttp.CreateClient(baseAddress, certificate, adminToken);
    const string name = "bench"; // the tenant controlplane.sh's fresh server gives the client subnets to
    using var content = new StringContent($$"""{"name":"{{name}}"}""", Encoding.UTF8, "application/json");
    using var response = await admin.PostAsync("api/v1/tenants", content);
    await UnexpectedAnswerException.ThrowUnlessAsync(response, HttpStatusCode.Created, "POST api/v1/tenants", CancellationToken.None);
    using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return created.RootElement.GetProperty("token").GetString()!;
}
