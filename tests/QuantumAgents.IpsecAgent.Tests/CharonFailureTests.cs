using QuantumAgents.IpsecAgent.Charon;
using QuantumAgents.Vici.Client;

namespace QuantumAgents.IpsecAgent.Tests;

public sealed class CharonFailureTests
{
    [Fact]
    public void The_reason_is_the_peers_notify_when_charon_logged_one()
    {
        var failure = new ViciCommandException("initiate", "establishing CHILD_SA 'net' failed",
            ["[IKE] initiating IKE_SA qa-tun-1[1] to 198.18.23.3", "[ENC] parsed IKE_AUTH response 1 [ N(AUTH_FAILED) ]", "[IKE] received AUTHENTICATION_FAILED notify error"]);
        Assert.Equal("charon: establishing CHILD_SA 'net' failed: [IKE] received AUTHENTICATION_FAILED notify error", CharonFailure.Reason(failure));
    }

    [Fact]
    public void Without_a_telling_log_line_the_reason_is_charons_errmsg()
    {
        Assert.Equal("charon: CHILD_SA config 'net' not found", CharonFailure.Reason(new ViciCommandException("initiate", "CHILD_SA config 'net' not found", [])));
    }
}
