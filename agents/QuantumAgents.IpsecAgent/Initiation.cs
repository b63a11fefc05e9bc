namespace QuantumAgents.IpsecAgent;

/// <summary>
/// One initiator's background <c>initiate</c> attempts: <see cref="Stop"/> ends them (the tunnel
/// was removed or keyed again); <see cref="Hurry"/> cuts the current wait short (the one before the
/// first attempt, or a back-off), because the responder has just reported holding the key and the
/// next attempt should succeed.
/// </summary>
public sealed class Initiation : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly SemaphoreSlim _hurried = new(0, 1);

    public Initiation(CancellationToken stopping) => _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    public CancellationToken Stopped => _stop.Token;

    public void Stop() => _stop.Cancel();

    public void Hurry()
    {
        try
        {
            _hurried.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already hurried: the next attempt comes at once either way.
        }
        catch (ObjectDisposedException)
        {
            // Finished meanwhile.
        }
    }

    /// <summary>Waits out <paramref name="pause"/>, or less when hurried; throws when stopped.</summary>
    public Task PauseAsync(TimeSpan pause) => _hurried.WaitAsync(pause, _stop.Token);

    public void Dispose()
    {
        _stop.Dispose();
        _hurried.Dispose();
    }
}
