using QuantumAgents.Contracts;
using QuantumAgents.ControlPlane.Kinds.Tunnels;
using QuantumAgents.ControlPlane.State;

namespace QuantumAgents.ControlPlane.Tests.Unit;

public sealed class ResourceLifecycleTests
{
    [Theory]
    [InlineData("pending", "pending", true, true, "pending", null)]
    [InlineData("keying", "pending", true, true, "keying", null)]
    [InlineData("pending", "keying", true, true, "keying", null)]
    [InlineData("established", "pending", true, true, "keying", null)]
    [InlineData("established", "keying", true, true, "keying", null)]
    [InlineData("established", "established", true, true, "established", null)]
    [InlineData("established", "established", true, false, "established", "ccs: agent not heard from")]
    [InlineData("pending", "pending", false, true, "pending", "cait: agent not heard from")]
    [InlineData("keying", "established", false, false, "keying", "cait: agent not heard from")]
    public void Without_a_failure_the_state_is_the_least_advanced_side_and_the_reason_names_a_silent_agent(
        string a, string b, bool aHealthy, bool bHealthy, string state, string? reason)
    {
        var resource = Resource(Side("cait", a), Side("ccs", b));

        Assert.Equal((state, reason), Words(ResourceLifecycle.Of(resource, s => s.Node == "cait" ? aHealthy : bHealthy)));
    }

    [Theory]
    [InlineData("failed", "no key for key_ID k-1", "established", "failed", "cait: no key for key_ID k-1")]
    [InlineData("established", null, "failed", "failed", "ccs: failed")]
    [InlineData("failed", "first", "failed", "failed", "cait: first")]
    public void A_failed_side_fails_the_resource_with_its_node_and_reason_even_when_an_agent_is_silent(
        string a, string? aReason, string b, string state, string reason)
    {
        var resource = Resource(Side("cait", a, aReason), Side("ccs", b));

        Assert.Equal((state, reason), Words(ResourceLifecycle.Of(resource, _ => false)));
    }

    [Theory]
    [InlineData(true, true, "waiting for cait and ccs to remove it")]
    [InlineData(false, true, "waiting for ccs to remove it")]
    [InlineData(true, false, "waiting for cait to remove it")]
    [InlineData(false, false, null)]
    public void A_resource_being_deleted_is_deleting_whatever_its_sides_say_and_names_who_still_holds_it(bool aPresent, bool bPresent, string? reason)
    {
        var resource = Resource(Side("cait", "failed", "broken", aPresent), Side("ccs", "established", present: bPresent));
        resource.DeletingSince = DateTimeOffset.UnixEpoch;

        Assert.Equal(("deleting", reason), Words(ResourceLifecycle.Of(resource, _ => false)));
    }

    [Fact]
    public void Health_is_asked_about_the_sides_of_the_resource()
    {
        var asked = new List<string>();
        var resource = Resource(Side("rectorado", "keying"), Side("ccs", "keying"));

        ResourceLifecycle.Of(resource, s =>
        {
            asked.Add(s.Node);
            return true;
        });

        Assert.Equal(["rectorado", "ccs"], asked);
    }

    private static ResourceSide Side(string node, string state, string? reason = null, bool present = true) =>
        new(node, node == "cait" ? "initiator" : "responder") { State = ResourceStates.Parse(state), Reason = reason, Present = present };

    /// <summary>The state as its wire word, which the cases are written in.</summary>
    private static (string State, string? Reason) Words((ResourceState State, string? Reason) lifecycle) => (lifecycle.State.Name(), lifecycle.Reason);

    private static ServiceResource Resource(ResourceSide a, ResourceSide b) => new()
    {
        Id = "tun-0123456789ab",
        Kind = AgentKind.Ipsec,
        Tenant = "demo",
        CreatedAt = DateTimeOffset.UnixEpoch,
        Spec = new TunnelSpec(a.Node, b.Node, ["10.1.0.0/24"], ["10.2.0.0/24"], "psk", 3600),
        Sides = [a, b],
    };
}
