using QuantumAgents.IpsecAgent.Boundaries;

namespace QuantumAgents.IpsecAgent.Tests;

public sealed class RefusalMemoryTests
{
    [Fact]
    public void A_refusal_is_announced_on_the_first_pass_only()
    {
        var memory = new RefusalMemory();
        Assert.Equal(["tun-1", "tun-2"], memory.Unannounced(["tun-1", "tun-2"]));
        Assert.Empty(memory.Unannounced(["tun-1", "tun-2"]));
        Assert.Equal(["tun-3"], memory.Unannounced(["tun-1", "tun-2", "tun-3"]));
    }

    [Fact]
    public void A_tunnel_refused_again_after_it_was_gone_is_announced_again()
    {
        var memory = new RefusalMemory();
        memory.Unannounced(["tun-1"]);
        Assert.Empty(memory.Unannounced([]));
        Assert.Equal(["tun-1"], memory.Unannounced(["tun-1"]));
    }
}
