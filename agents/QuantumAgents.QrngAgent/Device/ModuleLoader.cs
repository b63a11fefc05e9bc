using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.QrngAgent.Options;

namespace QuantumAgents.QrngAgent.Device;

/// <summary>
/// Opens the device, loading the module with <c>modprobe</c> first when the node is missing (that
/// needs CAP_SYS_MODULE: the packaged unit loads it in its privileged <c>--load-module</c> step
/// instead, and the agent itself runs without).
/// </summary>
public sealed class ModuleLoader(string devicePath, ModuleOptions options, IReadOnlyList<string> parameters, TimeProvider time)
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
            await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        return QrngDevice.Open(devicePath, options.Name);
    }

    /// <summary><c>modprobe</c> with <paramref name="parameters"/>, then the wait for the device node.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await ModprobeAsync(cancellationToken).ConfigureAwait(false);
        await WaitForNodeAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ModprobeAsync(CancellationToken cancellationToken)
    {
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap("modprobe").WithArguments([options.Name, .. parameters])
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
