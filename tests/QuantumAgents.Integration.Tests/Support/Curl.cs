using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// curl with client certificates or a bearer token: an independent HTTP client, so the daemons
/// are tested against something that is not our own code.
/// </summary>
public sealed class Curl(string ca)
{
    /// <param name="bearer">An <c>Authorization: Bearer</c> token (the control plane's callers).</param>
    /// <param name="netns">Run curl inside this network namespace (a node's view of the network).</param>
    /// <param name="maxSeconds">curl's --max-time: longer for requests that wait (<c>?wait=</c>).</param>
    public async Task<CurlResponse> SendAsync(string method, string url, SaeCredentials? as_ = null, string? body = null, string? bodyFile = null,
        string? bearer = null, string? netns = null, int maxSeconds = 20)
    {
        var arguments = new List<string> { "-sS", "--max-time", maxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-X", method, "--cacert", ca, "-o", "-", "-w", "\n%{http_code}" };
        if (as_ is not null)
        {
            arguments.AddRange(["--cert", as_.Certificate, "--key", as_.Key]);
        }
        if (bearer is not null)
        {
            arguments.AddRange(["-H", "Authorization: Bearer " + bearer]);
        }
        if (body is not null)
        {
            arguments.AddRange(["-H", "Content-Type: application/json", "--data-binary", body]);
        }
        if (bodyFile is not null)
        {
            arguments.AddRange(["-H", "Content-Type: application/json", "--data-binary", "@" + bodyFile]);
        }
        arguments.Add(url);
        var command = netns is null ? Cli.Wrap("curl").WithArguments(arguments) : Cli.Wrap("ip").WithArguments(["netns", "exec", netns, "curl", .. arguments]);
        var result = await command.WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            return new CurlResponse(0, result.StandardError.Trim());
        }
        var output = result.StandardOutput;
        var split = output.LastIndexOf('\n');
        return new CurlResponse(int.Parse(output[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture), output[..split]);
    }

    public Task<CurlResponse> GetAsync(string url, SaeCredentials? as_ = null) => SendAsync("GET", url, as_);

    public Task<CurlResponse> PostAsync(string url, string body, SaeCredentials? as_ = null) => SendAsync("POST", url, as_, body);
}

/// <summary>An HTTP status (0 when curl itself failed) and the body (or curl's error).</summary>
public sealed record CurlResponse(int Status, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The ETSI 014 error message, for asserting on what the KME said.</summary>
    public string Message => Json.GetProperty("message").GetString()!;

    public override string ToString() => $"{Status} {Body}";
}
