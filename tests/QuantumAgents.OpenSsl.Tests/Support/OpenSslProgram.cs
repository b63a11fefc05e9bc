using System.Diagnostics;
using System.Text;

namespace QuantumAgents.OpenSsl.Tests.Support;

/// <summary>
/// The real <c>openssl</c> command-line program. Interop tests need it: without it they fail at
/// once, saying what to install; they never skip. (No root needed, unlike the Integration tests.)
/// </summary>
public static class OpenSslProgram
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Path => Location.Value;

    /// <summary>Runs openssl to completion, feeding <paramref name="stdin"/> and keeping stdin open until it exits.</summary>
    public static async Task<OpenSslRun> RunAsync(IEnumerable<string> arguments, string stdin = "", TimeSpan? timeout = null)
    {
        using var process = Start(arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        await process.StandardInput.FlushAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"openssl {string.Join(' ', arguments)} did not finish: {await stdout}{await stderr}");
        }
        return new OpenSslRun(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {Path}");
    }

    private static string Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(directory => System.IO.Path.Combine(directory, "openssl"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("the interop tests need the openssl program (Debian package 'openssl'): run scripts/setup.sh");
}
