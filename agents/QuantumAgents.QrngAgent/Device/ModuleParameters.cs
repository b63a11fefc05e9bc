using System.Globalization;
using QuantumAgents.QrngAgent.Options;

namespace QuantumAgents.QrngAgent.Device;

/// <summary>
/// What <c>modprobe qrng</c> is given: the configured <c>module.parameters</c>, plus what the
/// agent derives unless they name it: <c>quality</c>, the entropy the kernel's hw_random core
/// credits per 1024 bits, from the min-entropy the agent's health tests assume (6 bits per byte:
/// 768), and <c>writer_gid</c>, the group the module lets write <c>/dev/qrng</c>.
/// </summary>
public static class ModuleParameters
{
    public const string Quality = "quality";
    public const string WriterGid = "writer_gid";

    /// <summary>min-entropy per byte (0.5..8) as hw_random quality (64..1024), rounded down: never more than claimed.</summary>
    public static int QualityFor(double minEntropyPerByte) =>
        Math.Clamp((int)Math.Floor(minEntropyPerByte * 1024 / 8), 1, 1024);

    public static IReadOnlyList<string> For(QrngAgentOptions options, long? writerGid)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parameters = new List<string>(options.Module.Parameters);
        if (!Names(parameters, Quality))
        {
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"{Quality}={QualityFor(options.Source.MinEntropyPerByte)}"));
        }
        if (writerGid is { } gid && !Names(parameters, WriterGid))
        {
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"{WriterGid}={gid}"));
        }
        return parameters;
    }

    /// <summary>The value <paramref name="parameters"/> give <paramref name="name"/>, or null.</summary>
    public static string? ValueOf(IEnumerable<string> parameters, string name) =>
        parameters.LastOrDefault(p => p.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    private static bool Names(IEnumerable<string> parameters, string name) => ValueOf(parameters, name) is not null;
}
