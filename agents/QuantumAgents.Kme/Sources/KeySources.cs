using QuantumAgents.Kme.Options;

namespace QuantumAgents.Kme.Sources;

/// <summary>Picks the key source a link's configuration names.</summary>
public static class KeySources
{
    public static IKeySource Create(KeySourceOptions options) => options.Kind switch
    {
        "simulated" => new SimulatedKeySource(),
        "etsi014" => new UpstreamKmeKeySource(options),
        _ => throw new ArgumentException($"unknown key source kind '{options.Kind}'", nameof(options)),
    };
}
