using Microsoft.Extensions.Logging.Abstractions;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.ControlPlane.Tests;

/// <summary>Core's agent loop against the real control plane: work arrives, status goes back, a nudge reports at once.</summary>
public sealed class ReconcileLoopTests : IAsyncLifetime
{
    private ControlPlaneServer _server = null!;

    public async Task InitializeAsync() => _server = await ControlPlaneServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_agent_loop_picks_up_a_new_tunnel_reports_it_and_reports_again_when_nudged()
    {
        var reconciler = new RecordingReconciler();
        using var client = new ControlPlaneClient(_server.Agent("cait"), "cait", AgentKind.Ipsec);
        await using var loop = await RunningLoop.StartAsync(client, reconciler);
        var tenant = _server.Client(await _server.NewTenantAsync("demo"));
        var id = (await tenant.PostJsonAsync("/api/v1/ipsec/tunnels",
            """{"a":"cait","b":"ccs","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.2.0/24"]}""")).Body.Str("id");

        await Wait.ForAsync(async () => (await tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body.GetProperty("sides")[0].Str("state") == "keying");
        Assert.Equal(id, Assert.Single(reconciler.LastWork!.Tunnels!).Id);

        reconciler.State = ResourceState.Established;
        loop.Nudge();
        // Well inside the 20 s poll: only the nudge can have caused this report.
        await Wait.ForAsync(async () => (await tenant.GetJsonAsync($"/api/v1/ipsec/tunnels/{id}")).Body.GetProperty("sides")[0].Str("state") == "established",
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Over_https_the_loop_speaks_http2_and_a_nudge_cutting_its_long_poll_short_keeps_the_connection()
    {
        await using var server = await KestrelControlPlane.StartAsync(https: true);
        var token = Path.Combine(Directory.CreateTempSubdirectory("qa-loop-token-").FullName, "node.token");
        await File.WriteAllTextAsync(token, ControlPlaneServer.NodeToken("cait"));
        using var client = ControlPlaneClient.Create(new ControlPlaneClientOptions { Url = server.Address.ToString(), TokenFile = token, Ca = server.CaPath },
            "cait", AgentKind.Ipsec);
        var loop = await RunningLoop.StartAsync(client, new RecordingReconciler());
        try
        {
            for (var nudge = 0; nudge < 3; nudge++)
            {
                // Let the long poll start, then cut it short: a report comes at once.
                await Task.Delay(TimeSpan.FromMilliseconds(300));
                loop.Nudge();
                loop.AssertReported($"report after nudge {nudge + 1}");
            }
        }
        finally
        {
            await loop.DisposeAsync();
            File.Delete(token);
        }

        // On HTTP/1.1 each cancelled long poll would have cost its connection (and a new TLS handshake).
        var requests = server.Requests.ToList();
        Assert.True(requests.Count >= 8, $"{requests.Count} requests");
        Assert.All(requests, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Single(requests.Select(r => r.Connection).Distinct());
    }

    [Fact]
    public async Task A_nudged_pass_reconciles_the_work_as_it_is_now_and_a_nudge_to_report_the_last_work()
    {
        var reconciler = new RecordingReconciler();
        // Long polls never answer here: only the first request and a nudged pass can bring work.
        using var client = new ControlPlaneClient(_server.Agent("cait", new LongPollsHeldBack()), "cait", AgentKind.Ipsec);
        await using var loop = await RunningLoop.StartAsync(client, reconciler);
        Assert.Empty(reconciler.LastWork!.Tunnels!);
        var tenant = _server.Client(await _server.NewTenantAsync("demo"));
        var id = (await tenant.PostJsonAsync("/api/v1/ipsec/tunnels",
            """{"a":"cait","b":"ccs","a_subnets":["198.19.1.0/24"],"b_subnets":["198.19.2.0/24"]}""")).Body.Str("id");

        // A report for a change the last work accounts for: no round trip first, the last work.
        loop.NudgeToReport();
        loop.AssertReported("report after the nudge to report");
        Assert.Empty(reconciler.LastWork!.Tunnels!);

        loop.Nudge();

        loop.AssertReported("report after the nudge");
        Assert.Equal(id, Assert.Single(reconciler.LastWork!.Tunnels!).Id);
    }

    /// <summary>A started <see cref="ReconcileLoop"/> that has made its first report; disposing stops it.</summary>
    private sealed class RunningLoop : IAsyncDisposable
    {
        private readonly ReconcileTrigger _trigger = new();
        private readonly ReconcileLoop _loop;
        private readonly System.Collections.Concurrent.BlockingCollection<StatusAccepted> _reports = new();

        private RunningLoop(ControlPlaneClient client, IReconciler reconciler)
        {
            _loop = new ReconcileLoop(client, reconciler, _trigger, NullLogger<ReconcileLoop>.Instance);
            _loop.Reported += _reports.Add;
        }

        public static async Task<RunningLoop> StartAsync(ControlPlaneClient client, IReconciler reconciler)
        {
            var running = new RunningLoop(client, reconciler);
            try
            {
                await running._loop.StartAsync(CancellationToken.None);
                running.AssertReported("first report");
                return running;
            }
            catch
            {
                await running.DisposeAsync();
                throw;
            }
        }

        public void Nudge() => _trigger.Nudge();

        public void NudgeToReport() => _trigger.NudgeToReport();

        public void AssertReported(string what) => Assert.True(_reports.TryTake(out _, TimeSpan.FromSeconds(10)), what);

        public async ValueTask DisposeAsync()
        {
            await _loop.StopAsync(CancellationToken.None);
            _loop.Dispose();
            _trigger.Dispose();
            _reports.Dispose();
        }
    }

    private sealed class LongPollsHeldBack : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Query.Contains("wait=", StringComparison.Ordinal) && !request.RequestUri.Query.Contains("wait=0", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class RecordingReconciler : IReconciler
    {
        public volatile ResourceState State = ResourceState.Keying;

        public WorkView? LastWork { get; private set; }

        public AgentStatusRequest Describe() => new() { Version = "loop-test" };

        public Task<IReadOnlyList<ResourceStatusRequest>> ReconcileAsync(WorkView work, CancellationToken cancellationToken)
        {
            LastWork = work;
            IReadOnlyList<ResourceStatusRequest> statuses = [.. work.Tunnels!.Select(t => new ResourceStatusRequest { Id = t.Id, State = State, KeyId = "k-" + t.Id })];
            return Task.FromResult(statuses);
        }
    }
}
