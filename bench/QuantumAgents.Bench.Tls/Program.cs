// bench/tls: our TLS 1.3 external-PSK layer (PskTlsStream over loopback TCP) next to OpenSSL's own
// rate for the same handshake and transfer (a C program on the same libssl), in one run; the
// measurements alternate so both see the same machine noise, and the medians are compared, per
// second of wall-clock time and per second of CPU time. Handshakes are measured one connection at
// a time (latency-bound: every wait is a wake-up) and with PARALLEL connections in flight, as a
// server sees them (CPU-bound: what the machine can serve); C does the latter both with blocking
// threads and with an epoll loop per CPU, each loop with its own listener and clients: the like
// for like of the async API over EpollSocketStream in the same shape.
// Usage: qa-bench-tls BASELINE_PROGRAM [RUNS] [HANDSHAKES] [MIB] [PARALLEL]
using System.Globalization;
using QuantumAgents.Bench.Tls;

var culture = CultureInfo.InvariantCulture;
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: qa-bench-tls BASELINE_PROGRAM [RUNS] [HANDSHAKES] [MIB] [PARALLEL]");
    return 2;
}
var baseline = new NativeBaseline(args[0]);
var runs = args.Length > 1 ? int.Parse(args[1], culture) : 5;
var count = args.Length > 2 ? int.Parse(args[2], culture) : 2000;
var mib = args.Length > 3 ? long.Parse(args[3], culture) : 256;
var parallel = args.Length > 4 ? int.Parse(args[4], culture) : 8;
var warmUp = count / 10;
var bytes = mib * 1024 * 1024;

using var ours = new PskLoopback();
var results = new Dictionary<string, List<Measurement>>();
void Add(string name, Measurement value) => (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(value);

Console.WriteLine(string.Create(culture,
    $"bench/tls: TLS 1.3 external PSK, TLS_AES_256_GCM_SHA384, loopback; {runs} runs of {count} connections (connect + handshake + 1-byte echo, after {warmUp} warm-up), one at a time and {parallel} in parallel, and {mib} MiB one way; medians"));
for (var run = 0; run < runs; run++)
{
    Add("c-plain", baseline.PlainConnections(count, warmUp));
    Add("plain", await PlainLoopback.ConnectionsAsync(count, warmUp));
    Add("c-handshakes", baseline.Handshakes(count, warmUp));
    Add("async-handshakes", await ours.HandshakesAsync(count, warmUp, synchronous: false));
    Add("sync-handshakes", await ours.HandshakesAsync(count, warmUp, synchronous: true));
    Add("epoll-handshakes", await ours.HandshakesAsync(count, warmUp, synchronous: false, epoll: true));
    Add("c-parallel-handshakes", baseline.Handshakes(count, warmUp, parallel));
    Add("c-event-loop-parallel-handshakes", baseline.EventLoopHandshakes(count, warmUp, parallel));
    Add("async-parallel-handshakes", await ours.HandshakesAsync(count, warmUp, synchronous: false, parallel));
    Add("sync-parallel-handshakes", await ours.HandshakesAsync(count, warmUp, synchronous: true, parallel));
    Add("epoll-parallel-handshakes", await ours.HandshakesAsync(count, warmUp, synchronous: false, parallel, epoll: true));
    Add("epoll-per-loop-parallel-handshakes", await ours.HandshakesAsync(count, warmUp, synchronous: false, parallel, epoll: true, listenerPerLoop: true));
    Add("c-throughput", baseline.Throughput(bytes));
    Add("async-throughput", await ours.ThroughputAsync(bytes));
}

double Median(string name, Func<Measurement, double> value)
{
    var sorted = results[name].Select(value).Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

double Wall(string name) => Median(name, m => m.PerSecond);
double Cpu(string name) => Median(name, m => m.PerCpuSecond);

void Row(string what, string ourName, string cName) => Console.WriteLine(string.Create(culture,
    $"| {what} | {Wall(ourName):0} | {Wall(cName):0} | **{Wall(ourName) / Wall(cName):0.00}** | {Cpu(ourName):0} | {Cpu(cName):0} | **{Cpu(ourName) / Cpu(cName):0.00}** |"));

Console.WriteLine();
Console.WriteLine("| measure | PskTlsStream /s | OpenSSL C /s | ratio | PskTlsStream /CPU-s | OpenSSL C /CPU-s | ratio |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
Row("handshakes, async API", "async-handshakes", "c-handshakes");
Row("handshakes, sync API", "sync-handshakes", "c-handshakes");
Row("handshakes, async API over EpollSocketStream", "epoll-handshakes", "c-handshakes");
Row($"handshakes, {parallel} in parallel, async API", "async-parallel-handshakes", "c-parallel-handshakes");
Row($"handshakes, {parallel} in parallel, sync API", "sync-parallel-handshakes", "c-parallel-handshakes");
Row($"handshakes, {parallel} in parallel, async API over EpollSocketStream, one listener over the loops", "epoll-parallel-handshakes", "c-parallel-handshakes");
Row($"handshakes, {parallel} in parallel, async API over EpollSocketStream, a listener and its clients per loop", "epoll-per-loop-parallel-handshakes", "c-parallel-handshakes");
Row($"handshakes, {parallel} in parallel, async API / C event loop (epoll, a listener and its clients per loop)", "async-parallel-handshakes", "c-event-loop-parallel-handshakes");
Row($"handshakes, {parallel} in parallel, async API over EpollSocketStream, a listener and its clients per loop / C event loop", "epoll-per-loop-parallel-handshakes", "c-event-loop-parallel-handshakes");
Row($"MB/s, {mib} MiB one way (async)", "async-throughput", "c-throughput");
Row("plain TCP connections, no TLS (.NET sockets vs C)", "plain", "c-plain");

// Each connection also pays for its TCP socket, which .NET makes dearer than C does; the TLS
// layer's own share is the time per handshake minus the time per plain connection.
double TlsMs(string handshakes, string plain, Func<string, double> rate) => (1000 / rate(handshakes)) - (1000 / rate(plain));
void Share(string what, string ourName) => Console.WriteLine(string.Create(culture,
    $"| {what} | {TlsMs(ourName, "plain", Wall):0.000} | {TlsMs("c-handshakes", "c-plain", Wall):0.000} | **{TlsMs("c-handshakes", "c-plain", Wall) / TlsMs(ourName, "plain", Wall):0.00}** | {TlsMs(ourName, "plain", Cpu):0.000} | {TlsMs("c-handshakes", "c-plain", Cpu):0.000} | **{TlsMs("c-handshakes", "c-plain", Cpu) / TlsMs(ourName, "plain", Cpu):0.00}** |"));
Console.WriteLine();
Console.WriteLine("| .NET side (both ends in this process) | managed bytes allocated per unit | gen-0 GCs per run |");
Console.WriteLine("|---|---:|---:|");
foreach (var (what, name) in new[] { ("handshake, async API", "async-handshakes"), ("handshake, sync API", "sync-handshakes"),
    ("handshake, in parallel, async API", "async-parallel-handshakes"),
    ("plain TCP connection", "plain"), ("MB, async", "async-throughput") })
{
    Console.WriteLine(string.Create(culture, $"| {what} | {Median(name, m => m.AllocatedPerUnit):0} | {Median(name, m => m.Collections):0} |"));
}

Console.WriteLine();
Console.WriteLine("| TLS share per connection (handshake minus plain connection) | PskTlsStream ms | OpenSSL C ms | ratio | PskTlsStream CPU-ms | OpenSSL C CPU-ms | ratio |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
Share("async API", "async-handshakes");
Share("sync API", "sync-handshakes");
return 0;
