using System.Globalization;
using QuantumAgents.Vici.Commands;
using QuantumAgents.Vici.Messages;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Client;

public sealed partial class ViciClient
{
    private const string ControlLog = "control-log";

    /// <summary>
    /// Brings up <paramref name="child"/> (and its IKE_SA) and waits until it is up or failed.
    /// Returns charon's control-log lines; on failure they are in the
    /// <see cref="ViciCommandException"/> (the errmsg alone rarely says why).
    /// </summary>
    public async Task<IReadOnlyList<string>> InitiateAsync(string child, string? ike = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(15);
        var request = new ViciSection().Add("child", child);
        if (ike is not null)
        {
            request.Add("ike", ike);
        }
        request.Add("timeout", (long)wait.TotalMilliseconds).Add("loglevel", 1);
        return await ControlledAsync("initiate", request, wait, cancellationToken);
    }

    public async Task<ViciTerminateResult> TerminateAsync(ViciSaSelector selector, bool force = false, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var wait = timeout ?? TimeSpan.FromSeconds(15);
        var request = selector.AddTo(new ViciSection());
        if (force)
        {
            request.Add("force", true);
        }
        request.Add("timeout", (long)wait.TotalMilliseconds).Add("loglevel", 1);
        var response = await ExchangeControlledAsync("terminate", request, wait, cancellationToken);
        return new ViciTerminateResult(response.GetInt64("matches") ?? 0, response.GetInt64("terminated") ?? 0);
    }

    /// <summary>
    /// Queues a rekey (or, with <paramref name="reauthenticate"/>, a make-before-break
    /// re-authentication of an IKE_SA) and returns the number of SAs it matched. charon does the
    /// work after answering: watch <c>child-rekey</c>/<c>ike-rekey</c> events or poll list-sas.
    /// </summary>
    public async Task<long> RekeyAsync(ViciSaSelector selector, bool reauthenticate = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var request = selector.AddTo(new ViciSection());
        if (reauthenticate)
        {
            request.Add("reauth", true);
        }
        var response = EnsureSuccess("rekey", await RequestAsync("rekey", request, cancellationToken));
        return response.GetInt64("matches") ?? 0;
    }

    /// <summary>The IKE_SAs (and their CHILD_SAs), optionally filtered; streamed as list-sa events.</summary>
    public async Task<IReadOnlyList<ViciIkeSa>> ListSasAsync(ViciSaSelector? filter = null, CancellationToken cancellationToken = default)
    {
        var request = new ViciSection().Add("noblock", true);
        filter?.AddTo(request);
        var result = await StreamAsync("list-sas", "list-sa", request, cancellationToken);
        return [.. result.Events.SelectMany(ViciIkeSa.FromEvent)];
    }

    private async Task<IReadOnlyList<string>> ControlledAsync(string command, ViciSection request, TimeSpan wait, CancellationToken cancellationToken)
    {
        var events = new List<ViciSection>();
        var response = await RunControlledAsync(command, request, wait, events, cancellationToken);
        var log = LogLines(events);
        EnsureSuccess(command, response, log);
        return log;
    }

    private async Task<ViciSection> ExchangeControlledAsync(string command, ViciSection request, TimeSpan wait, CancellationToken cancellationToken)
    {
        var events = new List<ViciSection>();
        var response = await RunControlledAsync(command, request, wait, events, cancellationToken);
        return EnsureSuccess(command, response, LogLines(events));
    }

    /// <summary>initiate/terminate block in charon for up to their own timeout; ours waits that long on top.</summary>
    private Task<ViciSection> RunControlledAsync(string command, ViciSection request, TimeSpan wait, List<ViciSection> events, CancellationToken cancellationToken)
    {
        return ExchangeAsync(command, CommandWriter(command, request), ControlLog, events, wait, cancellationToken);
    }

    private static List<string> LogLines(List<ViciSection> events) =>
        [.. events.Select(e => string.Create(CultureInfo.InvariantCulture, $"[{e.GetString("group")}] {e.GetString("msg")}"))];
}
