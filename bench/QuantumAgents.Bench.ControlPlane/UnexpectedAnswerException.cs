using System.Net;

namespace QuantumAgents.Bench.ControlPlane;

/// <summary>
/// The server answered, but not what the workload expects; counted as an error by the runners
/// (an <see cref="InvalidOperationException"/>, which they catch).
/// </summary>
public sealed class UnexpectedAnswerException(string request, HttpStatusCode status, string body)
    : InvalidOperationException($"{request} answered {(int)status}: {body}")
{
    public static async Task ThrowUnlessAsync(HttpResponseMessage response, HttpStatusCode expected, string request, CancellationToken ct)
    {
        if (response.StatusCode != expected)
        {
            throw new UnexpectedAnswerException(request, response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        }
    }
}
