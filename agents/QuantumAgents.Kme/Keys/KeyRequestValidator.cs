using QuantumAgents.Core.Etsi014;
using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Keys;

/// <summary>Checks an enc_keys request against the spec and this KME's limits.</summary>
public static class KeyRequestValidator
{
    /// <summary>Returns (number, size in bits), or throws a 400 naming the field.</summary>
    public static (int Number, int SizeBits) Validate(Etsi014KeyRequest request, KeyPolicyOptions policy)
    {
        var number = request.Number ?? 1;
        var size = request.Size ?? policy.DefaultSize;
        if (number < 1 || number > policy.MaxPerRequest)
        {
            throw EtsiProblemException.BadRequest($"number must be between 1 and max_key_per_request ({policy.MaxPerRequest}), got {number}");
        }
        if (size % 8 != 0)
        {
            throw EtsiProblemException.BadRequest($"size must be a multiple of 8 bits, got {size}");
        }
        if (size < policy.MinSize || size > policy.MaxSize)
        {
            throw EtsiProblemException.BadRequest($"size must be between min_key_size ({policy.MinSize}) and max_key_size ({policy.MaxSize}) bits, got {size}");
        }
        if (request.ExtensionMandatory is { Count: > 0 } mandatory)
        {
            var names = mandatory.SelectMany(e => e.ValueKind == System.Text.Json.JsonValueKind.Object ? e.EnumerateObject().Select(p => p.Name) : ["?"]);
            throw EtsiProblemException.BadRequest($"mandatory extension(s) not supported: {string.Join(", ", names)}");
        }
        var additional = request.AdditionalSlaveSaeIds ?? [];
        if (additional.Count > policy.MaxSaeIdCount)
        {
            throw EtsiProblemException.BadRequest($"additional_slave_SAE_IDs may name at most max_SAE_ID_count ({policy.MaxSaeIdCount}) SAEs, got {additional.Count}");
        }
        return (number, size);
    }
}
