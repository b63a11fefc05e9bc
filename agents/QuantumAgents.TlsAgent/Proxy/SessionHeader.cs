using System.Runtime.CompilerServices;
using System.Text;

namespace QuantumAgents.TlsAgent.Proxy;

/// <summary>
/// Which session a connection belongs to, sent by the client agent as the first bytes inside the
/// authenticated TLS stream (so it cannot be forged or read on the wire, unlike SNI):
/// <c>'Q' 'A' 0x01 len id[len]</c>, the session id in ASCII (<c>[A-Za-z0-9._-]</c>, 1 to 64).
/// The server answers nothing: a refused connection is closed, and the bytes that follow are
/// the application's.
/// </summary>
public static class SessionHeader
{
    public const int MaxIdLength = 64;

    private static ReadOnlySpan<byte> Magic => "QA\x01"u8;

    public static byte[] Encode(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var id = Encoding.ASCII.GetBytes(sessionId);
        if (!IsSessionId(id) || sessionId.Any(c => c > 0x7E))
        {
            throw new ArgumentException($"not a session id: '{sessionId}'", nameof(sessionId));
        }
        var header = new byte[Magic.Length + 1 + id.Length];
        Magic.CopyTo(header);
        header[Magic.Length] = (byte)id.Length;
        id.CopyTo(header.AsSpan(Magic.Length + 1));
        return header;
    }

    public static async Task<string> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var fixedPart = new byte[Magic.Length + 1];
        await ReadExactlyAsync(stream, fixedPart, cancellationToken).ConfigureAwait(false);
        var length = ParseFixedPart(fixedPart);
        var id = new byte[length];
        await ReadExactlyAsync(stream, id, cancellationToken).ConfigureAwait(false);
        return IsSessionId(id) ? Encoding.ASCII.GetString(id) : ThrowBadId();
    }

    /// <summary>The id's length from the magic and length byte; never trusts the length beyond <see cref="MaxIdLength"/>.</summary>
    public static int ParseFixedPart(ReadOnlySpan<byte> fixedPart)
    {
        if (fixedPart.Length != Magic.Length + 1 || !fixedPart[..Magic.Length].SequenceEqual(Magic))
        {
            ThrowNotOurs();
        }
        var length = fixedPart[Magic.Length];
        if (length is 0 or > MaxIdLength)
        {
            ThrowBadLength(length);
        }
        return length;
    }

    public static bool IsSessionId(ReadOnlySpan<byte> id)
    {
        if (id.Length is 0 or > MaxIdLength)
        {
            return false;
        }
        foreach (var b in id)
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'.' or (byte)'_' or (byte)'-'))
            {
                return false;
            }
        }
        return true;
    }

    private static async Task ReadExactlyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new SessionHeaderException("the peer closed before it named a session", e);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotOurs() =>
        throw new SessionHeaderException("the connection does not start with a qa-tls-agent session header");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadLength(int length) =>
        throw new SessionHeaderException($"session id length {length} is outside 1..{MaxIdLength}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string ThrowBadId() =>
        throw new SessionHeaderException("the session id has characters outside [A-Za-z0-9._-]");
}
