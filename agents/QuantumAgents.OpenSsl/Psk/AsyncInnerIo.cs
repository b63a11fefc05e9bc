namespace QuantumAgents.OpenSsl.Psk;

internal readonly struct AsyncInnerIo : IInnerIo
{
    public static ValueTask<int> ReadAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken) =>
        stream.ReadAsync(buffer, cancellationToken);

    public static ValueTask WriteAsync(Stream stream, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken) =>
        stream.WriteAsync(buffer, cancellationToken);

    public static ValueTask FlushAsync(Stream stream, CancellationToken cancellationToken) =>
        new(stream.FlushAsync(cancellationToken));

    public static ValueTask EnterAsync(SemaphoreSlim gate, CancellationToken cancellationToken) =>
        new(gate.WaitAsync(cancellationToken));

    public static async ValueTask WaitForAsync(Task task, CancellationToken cancellationToken)
    {
        await task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
