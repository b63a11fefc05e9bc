using System.Globalization;
using System.Text.Json;
using QuantumAgents.Core.Etsi014;
using QuantumAgents.Kme.Keys;
using QuantumAgents.Kme.Security;

namespace QuantumAgents.Kme.Api;

/// <summary>ETSI GS QKD 014 V1.1.1 §5: status, enc_keys and dec_keys, in their GET and POST forms.</summary>
public static class Etsi014Endpoints
{
    public static void MapEtsi014Endpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/keys");
        keys.MapGet("/{slave_SAE_ID}/status", Status);
        keys.MapGet("/{slave_SAE_ID}/enc_keys", GetEncKeys);
        keys.MapPost("/{slave_SAE_ID}/enc_keys", PostEncKeys);
        keys.MapGet("/{master_SAE_ID}/dec_keys", GetDecKeys);
        keys.MapPost("/{master_SAE_ID}/dec_keys", PostDecKeys);
    }

    private static async Task Status(HttpContext context, string slave_SAE_ID, KeyService keys, CallerAuthenticator authenticator)
    {
        var master = RequestCaller.RequireSae(context, authenticator);
        var status = await keys.StatusAsync(master, slave_SAE_ID).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(status, Etsi014JsonContext.Readable.Etsi014Status).ConfigureAwait(false);
    }

    private static Task GetEncKeys(HttpContext context, string slave_SAE_ID, KeyService keys, CallerAuthenticator authenticator)
    {
        var master = RequestCaller.RequireSae(context, authenticator);
        var request = new Etsi014KeyRequest
        {
            Number = QueryInt(context, "number"),
            Size = QueryInt(context, "size"),
        };
        return EncKeysAsync(context, master, slave_SAE_ID, request, keys);
    }

    private static async Task PostEncKeys(HttpContext context, string slave_SAE_ID, KeyService keys, CallerAuthenticator authenticator)
    {
        var master = RequestCaller.RequireSae(context, authenticator);
        var request = await ReadBodyAsync(context, Etsi014JsonContext.Default.Etsi014KeyRequest, allowEmpty: true).ConfigureAwait(false)
            ?? new Etsi014KeyRequest();
        await EncKeysAsync(context, master, slave_SAE_ID, request, keys).ConfigureAwait(false);
    }

    private static Task GetDecKeys(HttpContext context, string master_SAE_ID, SlaveKeyService keys, CallerAuthenticator authenticator)
    {
        var slave = RequestCaller.RequireSae(context, authenticator);
        var keyId = context.Request.Query["key_ID"];
        if (keyId.Count != 1 || string.IsNullOrEmpty(keyId[0]))
        {
            throw EtsiProblemException.BadRequest("the query must name exactly one key_ID");
        }
        return DecKeysAsync(context, slave, master_SAE_ID, [keyId[0]!], keys);
    }

    private static async Task PostDecKeys(HttpContext context, string master_SAE_ID, SlaveKeyService keys, CallerAuthenticator authenticator)
    {
        var slave = RequestCaller.RequireSae(context, authenticator);
        var body = await ReadBodyAsync(context, Etsi014JsonContext.Default.Etsi014KeyIds, allowEmpty: false).ConfigureAwait(false);
        if (body?.KeyIds is not { } ids || ids.Any(k => string.IsNullOrEmpty(k.KeyId)))
        {
            throw EtsiProblemException.BadRequest("key_IDs: a list of {\"key_ID\": \"...\"} objects is required");
        }
        await DecKeysAsync(context, slave, master_SAE_ID, [.. ids.Select(k => k.KeyId)], keys).ConfigureAwait(false);
    }

    private static async Task EncKeysAsync(HttpContext context, string master, string slave, Etsi014KeyRequest request, KeyService keys)
    {
        using var container = await keys.EncKeysAsync(master, slave, request).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(container, Etsi014JsonContext.Readable.Etsi014KeyContainer).ConfigureAwait(false);
    }

    private static async Task DecKeysAsync(HttpContext context, string slave, string master, IReadOnlyList<string> keyIds, SlaveKeyService keys)
    {
        using var container = await keys.DecKeysAsync(slave, master, keyIds).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(container, Etsi014JsonContext.Readable.Etsi014KeyContainer).ConfigureAwait(false);
    }

    private static int? QueryInt(HttpContext context, string name)
    {
        var values = context.Request.Query[name];
        if (values.Count == 0)
        {
            return null;
        }
        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw EtsiProblemException.BadRequest($"{name} must be one non-negative integer");
    }

    private static async Task<T?> ReadBodyAsync<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, bool allowEmpty)
        where T : class
    {
        if (context.Request.ContentLength == 0 && allowEmpty)
        {
            return null;
        }
        return await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted).ConfigureAwait(false);
    }
}
