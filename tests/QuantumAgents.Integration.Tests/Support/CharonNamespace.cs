using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;
using QuantumAgents.Vici.Client;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// A network namespace of our own with a real charon-systemd in it: own strongswan.conf, own
/// VICI socket (reachable from the root namespace: pathname sockets are not namespaced),
/// kernel-libipsec over a TUN device. Disposal stops charon, ends whatever else still runs in
/// the namespace (nothing there is anyone else's) and deletes it.
/// </summary>
public sealed class CharonNamespace : IAsyncDisposable
{
    public const string CharonProgram = "/usr/sbin/charon-systemd";

    private CommandTask<CommandResult>? _charon;
    private CancellationTokenSource? _forceful;

    private CharonNamespace(string name, string directory)
    {
        Name = name;
        Directory = directory;
    }

    public string Name { get; }
    public string Directory { get; }
    public string SocketPath => Path.Combine(Directory, "charon.vici");
    public string ConfPath => Path.Combine(Directory, "strongswan.conf");
    public string LogPath => Path.Combine(Directory, "charon.log");
    public string StdoutPath => Path.Combine(Directory, "charon.stdout");

    /// <summary>charon's PID (ip netns exec exec()s, so it is the daemon itself), or null when stopped.</summary>
    public int? CharonPid => _charon is { Task.IsCompleted: false } running ? running.ProcessId : null;

    /// <summary>A fresh namespace <paramref name="name"/> (a leftover of a crashed run is removed first).</summary>
    public static async Task<CharonNamespace> CreateAsync(string name, string directory)
    {
        Prerequisites.RequireRootAndPrograms("ip", "ping", Path.GetFileName(CharonProgram));
        System.IO.Directory.CreateDirectory(directory);
        var space = new CharonNamespace(name, directory);
        await DeleteNamespaceAsync(name);
        await RunAsync("ip", "netns", "add", name);
        await space.ExecAsync("ip", "link", "set", "dev", "lo", "up");
        // Router solicitations on ipsec0 would only fill charon's log with policy misses.
        await space.ExecAsync("sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
        await space.ExecAsync("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
        await File.WriteAllTextAsync(space.ConfPath, CharonConfig.StrongswanConf(space.SocketPath, space.LogPath));
        return space;
    }

    /// <summary>Starts charon and waits until it answers over VICI.</summary>
    public async Task StartCharonAsync()
    {
        if (CharonPid is not null)
        {
            throw new InvalidOperationException($"charon already runs in {Name}");
        }
        _forceful = new CancellationTokenSource();
        _charon = Cli.Wrap("ip")
            .WithArguments(["netns", "exec", Name, CharonProgram])
            .WithEnvironmentVariables(env => env.Set("STRONGSWAN_CONF", ConfPath).Set("NOTIFY_SOCKET", null))
            .WithStandardOutputPipe(PipeTarget.ToFile(StdoutPath))
            .WithStandardErrorPipe(PipeTarget.ToFile(StdoutPath + ".err"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_forceful.Token);
        using var client = new ViciClient(new ViciClientOptions { SocketPath = SocketPath, ConnectTimeout = TimeSpan.FromSeconds(1) });
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_charon.Task.IsCompleted)
            {
                throw new InvalidOperationException($"charon in {Name} exited at start: {LogTail()}");
            }
            try
            {
                await client.VersionAsync();
                return;
            }
            catch (ViciConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(25);
            }
        }
    }

    /// <summary>kill -9: charon gets no chance to clean up (its socket file stays behind).</summary>
    public async Task KillCharonAsync()
    {
        var pid = CharonPid ?? throw new InvalidOperationException($"charon does not run in {Name}");
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }
        await ((Task)_charon!.Task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ForgetCharon();
    }

    /// <summary>SIGTERM, as a service manager stops it (charon-systemd ignores SIGINT); SIGKILL after 10 s.</summary>
    public async Task StopCharonAsync()
    {
        if (_charon is null)
        {
            return;
        }
        if (CharonPid is { } pid)
        {
            await Cli.Wrap("kill").WithArguments(["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                .WithValidation(CommandResultValidation.None).ExecuteAsync();
        }
        _forceful!.CancelAfter(TimeSpan.FromSeconds(10));
        await ((Task)_charon.Task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ForgetCharon();
    }

    private void ForgetCharon()
    {
        _charon = null;
        _forceful?.Dispose();
        _forceful = null;
    }

    public ViciClient CreateClient() => new(SocketPath);

    /// <summary>Runs a program inside the namespace; fails with its output when it fails.</summary>
    public Task<BufferedCommandResult> ExecAsync(params string[] arguments) => RunAsync("ip", ["netns", "exec", Name, .. arguments]);

    /// <summary>Runs a program inside the namespace and returns its result, whatever the exit code.</summary>
    public async Task<BufferedCommandResult> TryExecAsync(params string[] arguments) =>
        await Cli.Wrap("ip").WithArguments(["netns", "exec", Name, .. arguments])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    public string LogTail(int lines = 40) =>
        File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(lines)) : $"(no log at {LogPath})";

    public async ValueTask DisposeAsync()
    {
        await StopCharonAsync();
        await DeleteNamespaceAsync(Name);
    }

    internal static async Task<BufferedCommandResult> RunAsync(string program, params string[] arguments)
    {
        var result = await Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }
        return result;
    }

    /// <summary>`ip netns del` leaves processes running: end ours (everything in our namespace) first.</summary>
    private static async Task DeleteNamespaceAsync(string name)
    {
        var list = await RunAsync("ip", "netns", "list");
        if (!list.StandardOutput.Split('\n').Any(line => line.Split(' ')[0] == name))
        {
            return;
        }
        var pids = await RunAsync("ip", "netns", "pids", name);
        foreach (var pid in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var process = Process.GetProcessById(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
                process.Kill();
                await process.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
        await RunAsync("ip", "netns", "del", name);
    }
}
