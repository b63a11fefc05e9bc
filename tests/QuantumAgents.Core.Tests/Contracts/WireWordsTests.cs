using System.Text.Json;
using QuantumAgents.Contracts;

namespace QuantumAgents.Core.Tests.Contracts;

/// <summary>The contract's states and kinds travel as the words the API has always used, and only as those.</summary>
public sealed class WireWordsTests
{
    [Theory]
    [InlineData(ResourceState.Pending, "pending")]
    [InlineData(ResourceState.Keying, "keying")]
    [InlineData(ResourceState.Established, "established")]
    [InlineData(ResourceState.Failed, "failed")]
    [InlineData(ResourceState.Deleting, "deleting")]
    public void A_state_is_written_and_read_as_its_word(ResourceState state, string word)
    {
        var json = JsonSerializer.Serialize(new ResourceStatusRequest { Id = "tun-1", State = state }, AgentJsonContext.Default.ResourceStatusRequest);

        Assert.Equal($$"""{"id":"tun-1","state":"{{word}}"}""", json);
        Assert.Equal(state, JsonSerializer.Deserialize(json, AgentJsonContext.Default.ResourceStatusRequest)!.State);
        Assert.Equal(state, ResourceStates.Parse(word));
    }

    [Theory]
    [InlineData(AgentKind.Ipsec, "ipsec")]
    [InlineData(AgentKind.Tls, "tls")]
    [InlineData(AgentKind.Qrng, "qrng")]
    public void A_kind_is_written_and_read_as_its_name(AgentKind kind, string name)
    {
        var json = JsonSerializer.Serialize(new WorkView(3, "cait", kind, null, null), AgentJsonContext.Default.WorkView);

        Assert.Equal($$"""{"revision":3,"node":"cait","kind":"{{name}}","links":[]}""", json);
        Assert.Equal(kind, JsonSerializer.Deserialize(json, AgentJsonContext.Default.WorkView)!.Kind);
        Assert.Equal(name, kind.Name());
    }

    [Theory]
    [InlineData("\"Established\"")]
    [InlineData("\"ESTABLISHED\"")]
    [InlineData("\"\"")]
    [InlineData("2")]
    [InlineData("true")]
    public void Anything_but_a_word_is_no_state(string value)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize($$"""{"id":"tun-1","state":{{value}}}""", AgentJsonContext.Default.ResourceStatusRequest));
        Assert.False(ResourceStates.TryParse(value.Trim('"'), out _));
    }

    [Theory]
    [InlineData("\"IPSEC\"")]
    [InlineData("\"Tls\"")]
    [InlineData("0")]
    public void Anything_but_a_name_is_no_kind(string value)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize($$"""{"revision":1,"node":"cait","kind":{{value}}}""", AgentJsonContext.Default.WorkView));
        Assert.False(AgentKinds.TryParse(value.Trim('"'), out _));
    }
}
