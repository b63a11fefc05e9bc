using System.Threading.Channels;

namespace QuantumAgents.IpsecAgent.Tests.Initiating;

/// <summary><c>initiate</c> attempts that wait for the test to answer them, one by one.</summary>
internal sealed class ScriptedAttempts
{
    private readonly Channel<PendingAttempt> _made = Channel.CreateUnbounded<PendingAttempt>();

    public Task<string?> AttemptAsync(string tunnelId, CancellationToken stop)
    {
        var attempt = new PendingAttempt(tunnelId, stop);
        _made.Writer.TryWrite(attempt);
        return attempt.Result;
    }

    public Task<PendingAttempt> NextAsync() => _made.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool AnyMade => _made.Reader.TryPeek(out _);
}

/// <summary>One attempt under way: <see cref="Up"/> or <see cref="Fail"/> answers it; stopping it cancels it, as charon's would be.</summary>
internal sealed class PendingAttempt
{
    private readonly TaskCompletionSource<string?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingAttempt(string tunnelId, CancellationToken stop)
    {
        TunnelId = tunnelId;
        Stop = stop;
        stop.Register(() => _result.TrySetCanceled(stop));
    }

    public string TunnelId { get; }

    public CancellationToken Stop { get; }

    public Task<string?> Result => _result.Task;

    public void Up() => _result.TrySetResult(null);

    public void Fail(string reason) => _result.TrySetResult(reason);
}
