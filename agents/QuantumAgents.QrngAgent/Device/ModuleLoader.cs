using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.QrngAgent.Options;

namespace QuantumAgents.QrngAgent.Device;

/// <summary>Opens the device, loading the module with <c>modprobe</c> first when the node is missing.</summary>
public sealed class ModuleLoader(string devicePath, ModuleOptions options, TimeProvider time)
{
    /// <summary>True once this agent ran modprobe successfully (reported, and a reason to restart rngd).</summary>
    public bool Loaded { get; private set; }

    public async Task<IQrngDevice> OpenAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(devicePath))
        {
            if (!options.Load)
            {
                throw new QrngDeviceException($"{devicePath} is missing and module.load is false: load the {options.Name} module (modprobe {options.Name})");
            }
            await ModprobeAsync(cancellationToken).ConfigureAwait(false);
            await WaitForNodeAsync(cancellationToken).ConfigureAwait(false);
        }
        return QrngDevice.Open(devicePath, options.Name);
    }

    private async Task ModprobeAsync(CancellationToken cancellationToken)
    {
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap("modprobe").WithArguments([options.Name, .. options.Parameters])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new QrngDeviceException($"{devicePath} is missing and modprobe cannot run ({e.Message}): install kmod", e);
        }
        if (result.ExitCode != 0)
        {
            throw new QrngDeviceException($"{devicePath} is missing and 'modprobe {options.Name}' failed (exit {result.ExitCode}): {result.StandardError.Trim()}" +
                " — is the qrng package (DKMS module) installed for this kernel?");
        }
        Loaded = true;
    }

    private async Task WaitForNodeAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(options.DeviceTimeoutSeconds);
        while (!File.Exists(devicePath))
        {
            if (time.GetUtcNow() >= deadline)
            {
                throw new QrngDeviceException($"modprobe {options.Name} succeeded but {devicePath} did not appear within {options.DeviceTimeoutSeconds} s");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
