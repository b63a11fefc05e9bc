using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using QuantumAgents.Contracts;
using QuantumAgents.Core.ControlPlane;

namespace QuantumAgents.Core.Tests.ControlPlane;

/// <summary>
/// The agent API as a loop sees it: a work request without a wait answers at once with the work
/// at <see cref="Revision"/>; a long poll never answers (only a nudge ends it); every report is accepted.
/// </summary>
internal sealed class ScriptedControlPlane : HttpMessageHandler
{
    private long _revision = 1;

    /// <summary>Each request as "GET wait=0", "GET wait=20" or "PUT", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Each report, in order.</summary>
    public BlockingCollection<AgentStatusRequest> Reports { get; } = new();

    public long Revision
    {
        get => Interlocked.Read(ref _revision);
        set => Interlocked.Exchange(ref _revision, value);
    }

    /// <summary>The next report; fails the test if none comes within 10 s.</summary>
    public AgentStatusRequest NextReport()
    {
        Assert.True(Reports.TryTake(out var report, TimeSpan.FromSeconds(10)), "no report");
        return report!;
    }

    public ControlPlaneClient Client() =>
        new(new HttpClient(this) { BaseAddress = new Uri("http://control-plane.test/") }, "cait", AgentKind.Ipsec);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Put)
        {
            Requests.Enqueue("PUT");
            Reports.Add((await request.Content!.ReadFromJsonAsync(AgentJsonContext.Default.AgentStatusRequest, cancellationToken))!, cancellationToken);
            return Json(new StatusAccepted(Revision, []));
        }
        var wait = request.RequestUri!.Query.Split('&').Single(p => p.StartsWith("wait=", StringComparison.Ordinal));
        Requests.Enqueue($"GET {wait}");
        if (wait != "wait=0")
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        return Json(new WorkView(Revision, "cait", AgentKind.Ipsec, null, null));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Reports.Dispose();
        }
        base.Dispose(disposing);
    }

    private static HttpResponseMessage Json<T>(T body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body, typeof(T), AgentJsonContext.Default), Encoding.UTF8, "application/json"),
    };
}
