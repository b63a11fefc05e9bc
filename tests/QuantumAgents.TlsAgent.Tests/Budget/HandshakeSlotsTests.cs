using QuantumAgents.TlsAgent.Budget;

namespace QuantumAgents.TlsAgent.Tests.Budget;

public sealed class HandshakeSlotsTests
{
    [Fact]
    public void At_most_the_limit_is_in_use_and_a_slot_given_back_can_be_taken_again()
    {
        var slots = new HandshakeSlots(2);

        Assert.True(slots.TryEnter());
        Assert.True(slots.TryEnter());
        Assert.False(slots.TryEnter());
        Assert.Equal(2, slots.InUse);
        slots.Exit();
        Assert.True(slots.TryEnter());
    }

    [Fact]
    public void Callers_racing_for_the_slots_never_take_more_than_the_limit()
    {
        var slots = new HandshakeSlots(5);

        var entered = Enumerable.Range(0, 200).AsParallel().Count(_ => slots.TryEnter());

        Assert.Equal(5, entered);
        Assert.Equal(5, slots.InUse);
    }
}
