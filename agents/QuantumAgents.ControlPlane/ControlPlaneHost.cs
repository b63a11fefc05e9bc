using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using QuantumAgents.ControlPlane.Api;
using QuantumAgents.ControlPlane.Auth;
using QuantumAgents.ControlPlane.Entropy;
using QuantumAgents.ControlPlane.Kinds;
using QuantumAgents.ControlPlane.Options;
using QuantumAgents.ControlPlane.State;
using QuantumAgents.ControlPlane.Store;
using QuantumAgents.Core.Entropy;
using QuantumAgents.Core.Net;
using QuantumAgents.Core.Storage;
using Scalar.AspNetCore;

namespace QuantumAgents.ControlPlane;

/// <summary>Wires the control plane into a web host: the state, the services, the endpoints.</summary>
public static class ControlPlaneHost
{
    /// <summary>Request bodies are small; anything larger is refused with 413 before it is read.</summary>
    private const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>Kestrel on the configured addresses; left out by in-process tests, which use a test server.</summary>
    public static void UseControlPlaneListeners(this WebApplicationBuilder builder, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var certificate = options.Listen.Any(u => u.StartsWith("https:", StringComparison.Ordinal))
            ? PemCertificates.LoadWithKey(options.Tls.Certificate, options.Tls.Key)
            : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var url in options.Listen)
            {
                var uri = new Uri(url);
                var address = uri.Host is "0.0.0.0" or "*" ? IPAddress.Any : IPAddress.Parse(uri.Host.Trim('[', ']'));
                kestrel.Listen(address, uri.Port, listen =>
                {
                    if (uri.Scheme == "https")
                    {
                        listen.UseHttps(certificate!);
                    }
                });
            }
        });
    }

    public static void AddControlPlane(this WebApplicationBuilder builder, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ControlJsonContext.Default);
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        // The title is the API's, not the host process's name (qa-controld, or testhost under tests):
        // the document is the same wherever it is served, and docs/api/openapi.json is a snapshot of it.
        builder.Services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Quantum Agents control plane";
                return Task.CompletedTask;
            });
            openApi.AddSchemaTransformer(ContractSchemas.DescribeAsync);
        });
        // Answers the framework gives without a body (415, 405, 404 of an unknown route) get a problem body too.
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status415UnsupportedMediaType => "body: Content-Type must be application/json",
                StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed here",
                StatusCodes.Status404NotFound => $"no route {context.HttpContext.Request.Path}",
                _ => null,
            });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Entropy);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new GroupCommitDatabase<ControlCommands>(
            Path.Combine(options.StateDirectory, "controld.db"), ControlSchema.Statements, options.Durability == "power_loss",
            connection => new ControlCommands(connection), "controld-store-writer"));
        builder.Services.AddSingleton<Validation.TenantBoundaries>();
        // The kinds of service, one line each; their endpoints are mapped in this order.
        builder.Services.AddSingleton<IServiceKind, Kinds.Tunnels.TunnelKind>();
        builder.Services.AddSingleton<IServiceKind, Kinds.TlsSessions.TlsSessionKind>();
        builder.Services.AddSingleton<ServiceKinds>();
        builder.Services.AddSingleton(services =>
        {
            var kinds = services.GetRequiredService<ServiceKinds>();
            var database = services.GetRequiredService<GroupCommitDatabase<ControlCommands>>();
            var stored = database.WriteAsync(c => c.LoadAll(kinds)).GetAwaiter().GetResult();
            var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
            return new ControlState(options, kinds, database, stored, services.GetRequiredService<TimeProvider>(), _ => lifetime.StopApplication());
        });
        builder.Services.AddSingleton(services => services.GetRequiredService<ControlState>().Topology);
        builder.Services.AddSingleton(services => EntropySources.Create(options.Entropy.Source, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<EntropyService>();
        builder.Services.AddSingleton<BearerAuthenticator>();
        builder.Services.AddSingleton<Validation.RequestValidator>();
    }

    public static void MapControlPlane(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<ErrorMiddleware>();
        app.UseStatusCodePages();
        // Load the state now: a database that cannot be read stops the start, not the first request.
        _ = app.Services.GetRequiredService<ControlState>();
        app.MapGet("/healthz", () => "ok\n").ExcludeFromDescription();
        // One document, at a fixed path: any other name is an unknown route (a 404 problem), not the package's own text answer.
        app.MapOpenApi("/openapi/v1.json");
        app.MapScalarApiReference("/docs");
        app.MapNodeEndpoints();
        foreach (var kind in app.Services.GetRequiredService<ServiceKinds>().All)
        {
            kind.MapEndpoints(app);
        }
        app.MapEntropyEndpoints();
        app.MapUsageEndpoints();
        app.MapTenantEndpoints();
        app.MapAgentEndpoints();
    }
}
