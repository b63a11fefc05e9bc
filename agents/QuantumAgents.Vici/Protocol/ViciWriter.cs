using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace QuantumAgents.Vici.Protocol;

/// <summary>
/// Builds one frame (length, packet type, name, message) in a pinned buffer. The buffer may
/// hold key material (load-shared), so it is zeroed whenever it is outgrown and on
/// <see cref="Dispose"/>; the bytes never pass through a string.
/// </summary>
internal sealed partial class ViciWriter : IDisposable
{
    private const int InitialCapacity = 256;

    private byte[] _buffer;
    private int _length;
    private int _depth;
    private bool _inList;
    private bool _completed;

    private ViciWriter(ViciPacketType type, string? name)
    {
        _buffer = GC.AllocateUninitializedArray<byte>(InitialCapacity, pinned: true);
        _length = ViciLimits.FrameHeaderLength;
        WriteByte((byte)type);
        if (type.IsNamed())
        {
            WriteName(name ?? throw new ArgumentNullException(nameof(name), $"{type} packets are named"));
        }
    }

    public static ViciWriter Command(string command) => new(ViciPacketType.CommandRequest, command);

    public static ViciWriter Packet(ViciPacketType type, string? name) => new(type, name);

    /// <summary>Fills in the length; the frame is ready to send. Sections and lists must be closed.</summary>
    public ReadOnlyMemory<byte> Complete()
    {
        if (_depth != 0 || _inList)
        {
            ThrowHelper.ThrowWriterState("a section or list is still open");
        }
        BinaryPrimitives.WriteUInt32BigEndian(_buffer, (uint)(_length - ViciLimits.FrameHeaderLength));
        _completed = true;
        return _buffer.AsMemory(0, _length);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _length = 0;
    }

    private void WriteByte(byte value) => Reserve(1)[0] = value;

    private void WriteName(string name)
    {
        var count = Encoding.UTF8.GetByteCount(name);
        if (count > ViciLimits.MaxNameLength)
        {
            ThrowHelper.ThrowNameTooLong(name);
        }
        var span = Reserve(1 + count);
        span[0] = (byte)count;
        Encoding.UTF8.GetBytes(name, span[1..]);
    }

    private void WriteValue(string name, ReadOnlySpan<byte> value)
    {
        if (value.Length > ViciLimits.MaxValueLength)
        {
            ThrowHelper.ThrowValueTooLong(name, value.Length);
        }
        var span = Reserve(sizeof(ushort) + value.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value.Length);
        value.CopyTo(span[sizeof(ushort)..]);
    }

    private Span<byte> Reserve(int count)
    {
        if (_completed)
        {
            ThrowHelper.ThrowWriterState("the frame is already complete");
        }
        var needed = _length + count;
        if (needed - ViciLimits.FrameHeaderLength > ViciLimits.MaxSegmentLength)
        {
            ThrowHelper.ThrowMessageTooLarge(needed - ViciLimits.FrameHeaderLength);
        }
        if (needed > _buffer.Length)
        {
            var grown = GC.AllocateUninitializedArray<byte>(Math.Max(needed, _buffer.Length * 2), pinned: true);
            _buffer.AsSpan(0, _length).CopyTo(grown);
            CryptographicOperations.ZeroMemory(_buffer);
            _buffer = grown;
        }
        var span = _buffer.AsSpan(_length, count);
        _length = needed;
        return span;
    }
}
