namespace QuantumAgents.OpenSsl.Psk;

/// <summary>The blocking calls behind Read, Write and the synchronous Authenticate methods.</summary>
internal readonly struct SyncInnerIo : IInnerIo
{
    /// <summary>The result of a loop run with this adapter: it never really waits, so it is finished.</summary>
    public static T Finish<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Finish{T}"/>
    public static void Finish(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }

    public static ValueTask<int> ReadAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken) =>
        new(stream.Read(buffer.Span));

    public static ValueTask WriteAsync(Stream stream, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        stream.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public static ValueTask FlushAsync(Stream stream, CancellationToken cancellationToken)
    {
        stream.Flush();
        return ValueTask.CompletedTask;
    }

    public static ValueTask EnterAsync(SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        gate.Wait(cancellationToken);
        return ValueTask.CompletedTask;
    }

    public static ValueTask WaitForAsync(Task task, CancellationToken cancellationToken)
    {
        task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.CompletedTask;
    }
}
