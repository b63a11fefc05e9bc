namespace QuantumAgents.IpsecAgent.Tests;

/// <summary>Waits for what a background task does (a condition, not a duration: the clock under test is fake).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, $"still not: {what}");
            await Task.Delay(5);
        }
    }
}
