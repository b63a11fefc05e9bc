using QuantumAgents.IpsecAgent.Kme;
using QuantumAgents.IpsecAgent.Planning;

namespace QuantumAgents.IpsecAgent.Tests;

public sealed class TunnelKeyIdsTests
{
    [Fact]
    public void A_ppk_tunnel_takes_two_keys_whose_ids_travel_as_one_key_id_in_order()
    {
        Assert.Equal((1, 2), (TunnelKeyIds.CountFor("psk"), TunnelKeyIds.CountFor("ppk")));
        var joined = TunnelKeyIds.Join(["9f1c-psk", "77ab-ppk"]);
        Assert.Equal(["9f1c-psk", "77ab-ppk"], TunnelKeyIds.Split(joined));
        Assert.Equal(["only"], TunnelKeyIds.Split("only"));
    }

    [Fact]
    public void Both_shared_keys_of_a_ppk_tunnel_are_recognised_as_ours()
    {
        Assert.True(TunnelNames.TryParseSharedKey(TunnelNames.PpkKey("tun-1", "77ab"), out var id));
        Assert.Equal("tun-1", id);
        Assert.False(TunnelNames.TryParseSharedKey("qa--ppk-77ab", out _));
        Assert.False(TunnelNames.TryParseSharedKey("office-ppk", out _));
    }
}
