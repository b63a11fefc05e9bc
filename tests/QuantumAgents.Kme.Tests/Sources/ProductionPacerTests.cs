using QuantumAgents.Kme.Sources;

namespace QuantumAgents.Kme.Tests.Sources;

public class ProductionPacerTests
{
    private const long Unlimited = long.MaxValue / 16;

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Nothing_is_due_at_the_first_look()
    {
        var pacer = new ProductionPacer(8000, Unlimited);
        Assert.Equal(0, pacer.BytesDue(TimeSpan.Zero, 0));
    }

    [Fact]
    public void Nothing_is_due_at_the_first_look_even_late()
    {
        var pacer = new ProductionPacer(8000, Unlimited);
        Assert.Equal(0, pacer.BytesDue(Seconds(100), 0));
    }

    [Fact]
    public void One_second_at_8000_bits_per_second_is_1000_bytes()
    {
        var pacer = new ProductionPacer(8000, Unlimited);
        pacer.BytesDue(TimeSpan.Zero, 0);
        Assert.Equal(1000, pacer.BytesDue(Seconds(1), 0));
    }

    [Fact]
    public void Half_a_second_is_half_as_much()
    {
        var pacer = new ProductionPacer(8000, Unlimited);
        pacer.BytesDue(TimeSpan.Zero, 0);
        Assert.Equal(500, pacer.BytesDue(Seconds(0.5), 0));
    }

    [Fact]
    public void At_most_one_second_is_banked()
    {
        var pacer = new ProductionPacer(8000, Unlimited);
        pacer.BytesDue(TimeSpan.Zero, 0);
        Assert.Equal(1000, pacer.BytesDue(Seconds(10), 0));
    }

    [Fact]
    public void Produced_bytes_are_subtracted()
    {
        var pacer = new ProductionPacer(8000, Unlimited);
        pacer.BytesDue(TimeSpan.Zero, 0);
        Assert.Equal(1000, pacer.BytesDue(Seconds(1), 0));
        pacer.Produced(400);
        Assert.Equal(600, pacer.BytesDue(Seconds(1), 0));
        pacer.Produced(600);
        Assert.Equal(0, pacer.BytesDue(Seconds(1), 0));
    }

    [Fact]
    public void Producing_more_than_banked_never_goes_negative()
    {
        var pacer = new ProductionPacer(8000, Unlimited);
        pacer.BytesDue(TimeSpan.Zero, 0);
        pacer.BytesDue(Seconds(0.1), 0);
        pacer.Produced(5000);
        Assert.Equal(0, pacer.BytesDue(Seconds(0.1), 0));
        Assert.Equal(100, pacer.BytesDue(Seconds(0.2), 0));
    }

    [Fact]
    public void Steady_ticks_produce_the_rate_over_time()
    {
        var pacer = new ProductionPacer(80_000, Unlimited);
        long total = 0;
        for (var tick = 0; tick <= 100; tick++)
        {
            var due = pacer.BytesDue(Seconds(tick * 0.1), 0);
            pacer.Produced(due);
            total += due;
        }
        Assert.InRange(total, 99_000, 100_000);
    }

    [Fact]
    public void Fractions_of_a_byte_carry_over_to_the_next_look()
    {
        var pacer = new ProductionPacer(12, Unlimited);
        pacer.BytesDue(TimeSpan.Zero, 0);
        Assert.Equal(1, pacer.BytesDue(Seconds(1), 0));   // 12 bits: one byte, 4 bits left
        pacer.Produced(1);
        Assert.Equal(0, pacer.BytesDue(Seconds(1.25), 0)); // 4 + 3 bits
        Assert.Equal(1, pacer.BytesDue(Seconds(1.5), 0));  // 4 + 6 bits
    }

    [Fact]
    public void Never_past_the_pool_capacity()
    {
        var pacer = new ProductionPacer(8000, poolBits: 4000);
        pacer.BytesDue(TimeSpan.Zero, 0);
        Assert.Equal(500, pacer.BytesDue(Seconds(1), poolBytes: 0));
        Assert.Equal(100, pacer.BytesDue(Seconds(1), poolBytes: 400));
        Assert.Equal(0, pacer.BytesDue(Seconds(1), poolBytes: 500));
        Assert.Equal(0, pacer.BytesDue(Seconds(1), poolBytes: 10_000));
    }

    [Fact]
    public void Production_resumes_when_the_pool_drains()
    {
        var pacer = new ProductionPacer(8000, poolBits: 8000);
        pacer.BytesDue(TimeSpan.Zero, 0);
        Assert.Equal(0, pacer.BytesDue(Seconds(1), poolBytes: 1000));
        Assert.Equal(1000, pacer.BytesDue(Seconds(1), poolBytes: 0));
    }

    [Fact]
    public void A_clock_that_does_not_move_banks_nothing()
    {
        var pacer = new ProductionPacer(8000, Unlimited);
        pacer.BytesDue(Seconds(5), 0);
        Assert.Equal(0, pacer.BytesDue(Seconds(5), 0));
        Assert.Equal(0, pacer.BytesDue(Seconds(4), 0));
    }
}
