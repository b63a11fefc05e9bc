using QuantumAgents.QrngAgent.Device;
using QuantumAgents.QrngAgent.Options;

namespace QuantumAgents.QrngAgent.Tests;

/// <summary>
/// The loader's failure paths on this machine (its kernel has no loadable modules, so the real
/// modprobe fails); loading qrng.ko for real is part of scripts/vm-entropy-test.sh.
/// </summary>
public sealed class ModuleLoaderTests
{
    private const string MissingDevice = "/dev/qa-test-no-such-qrng";

    [Fact]
    public async Task A_missing_device_with_loading_off_is_an_error_that_says_how_to_load_it()
    {
        var loader = new ModuleLoader(MissingDevice, new ModuleOptions { Load = false }, [], TimeProvider.System);

        var e = await Assert.ThrowsAsync<QrngDeviceException>(() => loader.OpenAsync(CancellationToken.None));

        Assert.Equal($"{MissingDevice} is missing and module.load is false: load the qrng module (modprobe qrng)", e.Message);
        Assert.False(loader.Loaded);
    }

    [Fact]
    public async Task A_module_modprobe_cannot_find_is_reported_with_modprobes_own_words()
    {
        Assert.True(File.Exists("/usr/sbin/modprobe") || File.Exists("/sbin/modprobe"), "modprobe missing: apt-get install kmod");
        var loader = new ModuleLoader(MissingDevice, new ModuleOptions { Name = "qa_no_such_module" }, [], TimeProvider.System);

        var e = await Assert.ThrowsAsync<QrngDeviceException>(() => loader.OpenAsync(CancellationToken.None));

        Assert.StartsWith($"{MissingDevice} is missing and 'modprobe qa_no_such_module' failed (exit 1): modprobe: FATAL: Module qa_no_such_module not found", e.Message, StringComparison.Ordinal);
        Assert.False(loader.Loaded);
    }
}
