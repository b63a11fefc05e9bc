using QuantumAgents.Kme.Forwarding;

namespace QuantumAgents.Kme.Tests.Forwarding;

public sealed class ForwardMessageTests
{
    private static readonly ForwardMessage Message = new()
    {
        MessageId = "m1",
        Origin = "cait",
        Destination = "rectorado",
        MasterSaeId = "cait",
        SlaveSaeIds = ["rectorado"],
        KeyIds = ["k1", "k2"],
        KeyBytes = 32,
        Ranges = [[0, 96]],
        Ciphertext = new byte[64],
        Tag = new byte[16],
    };

    public static TheoryData<string> Fields => ["message", "origin", "destination", "master", "slaves", "keys", "size", "ranges"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Every_field_the_receiver_acts_on_is_authenticated(string field)
    {
        var changed = field switch
        {
            "message" => Message with { MessageId = "m2" },
            "origin" => Message with { Origin = "ccs" },
            "destination" => Message with { Destination = "ccs" },
            "master" => Message with { MasterSaeId = "cait-app" },
            "slaves" => Message with { SlaveSaeIds = ["rectorado", "rectorado-app"] },
            "keys" => Message with { KeyIds = ["k1", "k3"] },
            "size" => Message with { KeyBytes = 64 },
            _ => Message with { Ranges = [[32, 96]] },
        };
        Assert.NotEqual(Message.AuthenticatedHeader(), changed.AuthenticatedHeader());
    }

    [Fact]
    public void Moving_a_boundary_between_fields_changes_the_header()
    {
        var a = Message with { SlaveSaeIds = ["ab", "c"] };
        var b = Message with { SlaveSaeIds = ["a", "bc"] };
        Assert.NotEqual(a.AuthenticatedHeader(), b.AuthenticatedHeader());
    }

    [Fact]
    public void The_ciphertext_and_tag_are_not_part_of_the_header()
    {
        var other = Message with { Ciphertext = [1, 2, 3], Tag = [4] };
        Assert.Equal(Message.AuthenticatedHeader(), other.AuthenticatedHeader());
    }
}
