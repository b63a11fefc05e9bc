using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using QuantumAgents.Cli.Failures;
using QuantumAgents.Contracts;

namespace QuantumAgents.Cli.Commands;

/// <summary><c>qactl entropy [BYTES] [--hex|--raw]</c>: random bytes from the control plane's entropy source.</summary>
public static class EntropyCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var bytes = new Argument<int>("BYTES")
        {
            Description = "How many bytes (default 32)",
            DefaultValueFactory = _ => 32,
            CustomParser = result =>
            {
                if (int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
                {
                    return count;
                }
                result.AddError($"BYTES: '{result.Tokens[0].Value}' is not a positive number");
                return 0;
            },
        };
        var hex = new Option<bool>("--hex") { Description = "Print hex instead of base64" };
        var raw = new Option<bool>("--raw") { Description = "Write the bytes themselves to stdout (for a pipe or a file)" };
        var command = new Command("entropy", "Random bytes from the entropy source (a QRNG, or the simulated one), base64 by default") { bytes, hex, raw };
        runner.Bind(command, async (context, cancellationToken) =>
        {
            var (asHex, asRaw) = (context.Parse.GetValue(hex), context.Parse.GetValue(raw));
            if (asHex && asRaw)
            {
                throw new UsageException("--hex and --raw: choose one");
            }
            if (asRaw && context.Json)
            {
                throw new UsageException("--raw and --json: choose one");
            }
            var format = asRaw ? "raw" : asHex ? "hex" : "base64";
            using var api = context.ControlPlane();
            var answer = await api.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/entropy?bytes={context.Parse.GetValue(bytes)}&format={format}"),
                cancellationToken).ConfigureAwait(false);
            try
            {
                if (asRaw)
                {
                    var stdout = context.Host.OpenRawOut();
                    await stdout.WriteAsync(answer.Body, cancellationToken).ConfigureAwait(false);
                    await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (context.Json)
                {
                    context.Out.WriteLine(answer.Text);
                }
                else
                {
                    context.Out.WriteLine(JsonSerializer.Deserialize(answer.Body, QactlJsonContext.Default.EntropyView)!.Data);
                }
            }
            finally
            {
                // Random bytes may become someone's key: no copy of them outlives the command.
                CryptographicOperations.ZeroMemory(answer.Body);
            }
        });
        return command;
    }
}
