using System.Security.Cryptography;

namespace QuantumAgents.Core.Secrets;

/// <summary>
/// Key material: a pinned buffer (the GC never copies it elsewhere) that is zeroed on
/// <see cref="Dispose"/>. <see cref="ToString"/> and logging show the length only.
/// </summary>
public sealed class SecretBytes : IDisposable
{
    private readonly byte[] _buffer;
    private bool _disposed;

    public SecretBytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _buffer = GC.AllocateArray<byte>(length, pinned: true);
    }

    /// <summary>Copies <paramref name="source"/>; the caller still owns (and must zero) its own copy.</summary>
    public static SecretBytes CopyFrom(ReadOnlySpan<byte> source)
    {
        var secret = new SecretBytes(source.Length);
        source.CopyTo(secret._buffer);
        return secret;
    }

    public static SecretBytes Random(int length)
    {
        var secret = new SecretBytes(length);
        RandomNumberGenerator.Fill(secret._buffer);
        return secret;
    }

    public int Length => _buffer.Length;

    public bool IsDisposed => _disposed;

    public Span<byte> AsSpan()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _buffer;
    }

    public ReadOnlySpan<byte> AsReadOnlySpan() => AsSpan();

    /// <summary>For asynchronous fillers (an entropy source); the buffer stays pinned.</summary>
    public Memory<byte> AsMemory()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _buffer;
    }

    /// <summary>Constant-time comparison.</summary>
    public bool ContentEquals(ReadOnlySpan<byte> other) =>
        CryptographicOperations.FixedTimeEquals(AsReadOnlySpan(), other);

    /// <summary>A SHA-256 fingerprint, for showing that two sides hold the same key without showing it.</summary>
    public string Sha256Hex() => Convert.ToHexStringLower(SHA256.HashData(AsReadOnlySpan()));

    public override string ToString() => $"SecretBytes({_buffer.Length} bytes)";

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        CryptographicOperations.ZeroMemory(_buffer);
        _disposed = true;
    }
}
