using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuantumAgents.Kme.Limits;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Tests.Support;

/// <summary>
/// One KME in this process, wired by <see cref="KmeHost"/> exactly as qa-kmed is, but for the
/// clock of its SAE draw limits, which the test moves.
/// </summary>
public sealed class RunningKme : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningKme(WebApplication app, KmeOptions options)
    {
        _app = app;
        Options = options;
    }

    public KmeOptions Options { get; }

    public Uri Url => new(Options.Listen[0] + "/");

    /// <summary>This KME's only link.</summary>
    public QkdLink Link => Service<LinkRegistry>().All.Single();

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<RunningKme> StartAsync(KmeOptions options, TimeProvider drawClock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(options);
        await builder.AddKmeAsync(options);
        // Registered last, so it is the one resolved: the draw limits run on the test's clock.
        builder.Services.AddSingleton(new SaeDrawLimits(options, drawClock));
        var app = builder.Build();
        app.MapKme();
        await app.StartAsync();
        return new RunningKme(app, options);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
