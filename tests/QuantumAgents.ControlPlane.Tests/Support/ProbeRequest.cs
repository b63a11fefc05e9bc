namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>One concrete request for a route: a path with its query, and a JSON body when the route reads one.</summary>
public sealed record ProbeRequest(HttpMethod Method, string Path, string? Json = null)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Json is not null)
        {
            message.Content = new StringContent(Json, System.Text.Encoding.UTF8, "application/json");
        }
        return message;
    }
}
