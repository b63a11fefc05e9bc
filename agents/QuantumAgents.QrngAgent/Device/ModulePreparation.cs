using System.Globalization;
using CliWrap;
using Mono.Unix;
using QuantumAgents.QrngAgent.Options;

namespace QuantumAgents.QrngAgent.Device;

/// <summary>
/// The agent's only privileged step, run by its unit before it starts
/// (<c>ExecStartPre=+qa-qrng-agent --config ... --load-module --writer-group qa-qrng-agent</c>):
/// loads qrng.ko with the parameters the configuration implies (<see cref="ModuleParameters"/>)
/// and the writer group's gid, then waits for udev to give the node its owner and mode. So the
/// agent itself, which parses entropy from the network, runs with no capability at all. A module
/// already loaded keeps its parameters, but is told the writer group.
/// </summary>
public sealed class ModulePreparation(QrngAgentOptions options, string? writerGroup, TimeProvider time, TextWriter output)
{
    private static readonly TimeSpan UdevPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Loads or adjusts the module. A module that cannot be loaded is said and exits 0: the agent
    /// then starts, reports the missing device to the control plane and waits for it, as it does
    /// without this step. Only a writer group that does not exist stops the unit (78).
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Module.Load)
        {
            await output.WriteLineAsync($"module.load is false: {options.Module.Name} is not loaded by the agent").ConfigureAwait(false);
            return 0;
        }
        long? gid = null;
        if (writerGroup is not null)
        {
            try
            {
                gid = new UnixGroupInfo(writerGroup).GroupId;
            }
            catch (ArgumentException)
            {
                await output.WriteLineAsync($"--writer-group: no group '{writerGroup}' on this machine").ConfigureAwait(false);
                return 78;
            }
        }
        var parameters = ModuleParameters.For(options, gid);
        try
        {
            if (File.Exists(options.Device))
            {
                await AdjustLoadedAsync(parameters, gid).ConfigureAwait(false);
            }
            else
            {
                await new ModuleLoader(options.Device, options.Module, parameters, time).LoadAsync(cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"loaded: modprobe {options.Module.Name} {string.Join(' ', parameters)}").ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is QrngDeviceException or IOException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 0;
        }
        await SettleUdevAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private async Task AdjustLoadedAsync(IReadOnlyList<string> parameters, long? gid)
    {
        var directory = $"/sys/module/{options.Module.Name}/parameters";
        if (gid is { } writer)
        {
            var path = Path.Combine(directory, ModuleParameters.WriterGid);
            if (!File.Exists(path))
            {
                throw new QrngDeviceException($"{options.Module.Name} is loaded but has no {ModuleParameters.WriterGid} parameter: an older module? reload it (modprobe -r {options.Module.Name})");
            }
            await File.WriteAllTextAsync(path, writer.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }
        var quality = Path.Combine(directory, ModuleParameters.Quality);
        var wanted = ModuleParameters.ValueOf(parameters, ModuleParameters.Quality);
        var loaded = File.Exists(quality) ? (await File.ReadAllTextAsync(quality).ConfigureAwait(false)).Trim() : "?";
        await output.WriteLineAsync(loaded == wanted
            ? $"{options.Device} present; writer group {writerGroup ?? "unchanged"}"
            : $"{options.Device} present, loaded with quality={loaded} where the configuration implies quality={wanted}: reload the module (modprobe -r {options.Module.Name}) to match").ConfigureAwait(false);
    }

    /// <summary>udev gives the node its owner and mode after it appears; the agent opens it next.</summary>
    private static async Task SettleUdevAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Cli.Wrap("udevadm").WithArguments(["settle", "--timeout=" + UdevPatience.TotalSeconds.ToString(CultureInfo.InvariantCulture)])
                .WithValidation(CommandResultValidation.None).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No udev (a minimal VM): the node keeps the module's own mode, nothing to wait for.
        }
    }
}
