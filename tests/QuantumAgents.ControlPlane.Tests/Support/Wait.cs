namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>Polls a condition until it holds; fails the test with what it waited for otherwise.</summary>
public static class Wait
{
    public static async Task ForAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
