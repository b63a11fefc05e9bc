namespace QuantumAgents.OpenSsl.Psk;

/// <summary>
/// How the stream waits: one implementation of the handshake and record loops serves both the
/// synchronous and the asynchronous API (the SslStream pattern), chosen at compile time.
/// </summary>
internal interface IInnerIo
{
    static abstract ValueTask<int> ReadAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken);

    static abstract ValueTask WriteAsync(Stream stream, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken);

    static abstract ValueTask FlushAsync(Stream stream, CancellationToken cancellationToken);

    static abstract ValueTask EnterAsync(SemaphoreSlim gate, CancellationToken cancellationToken);

    /// <summary>Waits until <paramref name="task"/> has finished, whatever its outcome.</summary>
    static abstract ValueTask WaitForAsync(Task task, CancellationToken cancellationToken);
}
