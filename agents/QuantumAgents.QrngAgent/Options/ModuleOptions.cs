using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace QuantumAgents.QrngAgent.Options;

/// <summary>The <c>module</c> section: how the agent loads <c>qrng.ko</c> when the device is missing.</summary>
public sealed partial class ModuleOptions
{
    /// <summary>Run <c>modprobe</c> when the device is missing; when false, a missing device is only reported.</summary>
    [ConfigurationKeyName("load")] public bool Load { get; set; } = true;

    [ConfigurationKeyName("name")] public string Name { get; set; } = "qrng";

    /// <summary>Module parameters, e.g. <c>["hwrng=0", "capacity=65536"]</c> (see <c>modinfo qrng</c>).</summary>
    [ConfigurationKeyName("parameters")] public List<string> Parameters { get; set; } = [];

    /// <summary>How long the device node may take to appear after <c>modprobe</c> (udev).</summary>
    [ConfigurationKeyName("device_timeout_seconds")] public double DeviceTimeoutSeconds { get; set; } = 5;

    public IEnumerable<string> Validate()
    {
        if (!ModuleName().IsMatch(Name))
        {
            yield return $"module.name: '{Name}' is not a module name";
        }
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (!Parameter().IsMatch(Parameters[i]))
            {
                yield return $"module.parameters[{i}]: '{Parameters[i]}' is not NAME=VALUE";
            }
        }
        if (DeviceTimeoutSeconds is <= 0 or > 300)
        {
            yield return "module.device_timeout_seconds: more than 0, at most 300";
        }
    }

    [GeneratedRegex("^[a-z0-9_-]{1,55}$")]
    private static partial Regex ModuleName();

    // No spaces or shell characters: each parameter is one argument of modprobe.
    [GeneratedRegex("^[a-z0-9_]{1,64}=[A-Za-z0-9_.,:-]{1,128}$")]
    private static partial Regex Parameter();
}
