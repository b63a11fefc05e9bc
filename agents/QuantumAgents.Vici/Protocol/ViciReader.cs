using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace QuantumAgents.Vici.Protocol;

/// <summary>
/// Reads the body of one segment. Every length comes from the peer, so every read checks it
/// against what is left before touching the bytes: a bad length is a
/// <see cref="ViciProtocolException"/>, never an out-of-range access or a large allocation.
/// </summary>
internal ref partial struct ViciReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _offset;

    public ViciReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _offset = 0;
    }

    public readonly int Offset => _offset;

    public readonly int Remaining => _buffer.Length - _offset;

    public readonly bool End => _offset == _buffer.Length;

    public byte ReadByte(string what)
    {
        if (Remaining < 1)
        {
            ThrowHelper.ThrowTruncated(what, _offset);
        }
        return _buffer[_offset++];
    }

    /// <summary>
    /// A name: one length byte, then that many bytes. ASCII in practice; anything that is not
    /// valid UTF-8 is refused, so a name read here encodes back to the same bytes.
    /// </summary>
    public string ReadName(string what)
    {
        var at = _offset;
        var bytes = Take(ReadByte(what), what);
        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }
        ThrowHelper.ThrowInvalidName(what, at);
        return "";
    }

    /// <summary>A value or list item: a big-endian 16-bit length, then that many bytes.</summary>
    public byte[] ReadValue(string what)
    {
        if (Remaining < sizeof(ushort))
        {
            ThrowHelper.ThrowTruncated(what, _offset);
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_offset..]);
        _offset += sizeof(ushort);
        return length == 0 ? [] : Take(length, what).ToArray();
    }

    private ReadOnlySpan<byte> Take(int length, string what)
    {
        if (length > Remaining)
        {
            ThrowHelper.ThrowTruncated(what, _offset);
        }
        var slice = _buffer.Slice(_offset, length);
        _offset += length;
        return slice;
    }
}
