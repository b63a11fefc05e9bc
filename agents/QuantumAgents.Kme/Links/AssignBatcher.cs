using System.Threading.Channels;
using QuantumAgents.Kme.Peers;

namespace QuantumAgents.Kme.Links;

/// <summary>
/// Coalesces the assignments of concurrent enc_keys requests on one link into few KME-to-KME
/// calls: a sender takes whatever is waiting and sends it as one batch. Alone, a request is
/// sent at once; under load, one round trip carries hundreds.
/// </summary>
public sealed class AssignBatcher : IDisposable
{
    // Few batches in flight, so that under load each one (and the peer's commit) carries many keys.
    private const int Senders = 2;
    private const int MaxBatch = 1024;

    private readonly PeerClient _peer;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _senders;

    public AssignBatcher(PeerClient peer)
    {
        _peer = peer;
        _senders = [.. Enumerable.Range(0, Senders).Select(_ => Task.Run(SendLoopAsync))];
    }

    /// <summary>Completes when the peer holds the keys; throws <see cref="PeerRefusedException"/> or <see cref="PeerUnreachableException"/>.</summary>
    public Task AssignAsync(Assignment assignment)
    {
        var pending = new Pending(assignment);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Completion.Task;
    }

    private async Task SendLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            if (batch.Count > 0)
            {
                await SendAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        try
        {
            var result = await _peer.AssignAsync(new AssignBatch { Assignments = [.. batch.Select(p => p.Assignment)] }, _stop.Token).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                if (result.Results[i] is { } refusal)
                {
                    batch[i].Completion.TrySetException(_peer.Refused(refusal));
                }
                else
                {
                    batch[i].Completion.TrySetResult();
                }
            }
        }
        catch (Exception e) when (e is PeerRefusedException or PeerUnreachableException or OperationCanceledException)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(e);
            }
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        Task.WaitAll(_senders, TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private sealed record Pending(Assignment Assignment)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
